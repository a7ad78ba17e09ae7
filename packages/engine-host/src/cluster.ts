import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import { EngineHost, type StartOptions } from './EngineHost';
import { MemoryStore } from './store/MemoryStore';
import type { Field } from './store/Store';

/**
 * Several app instances over one store, as Rocket.Chat runs one per server of a cluster: each host has its
 * own AppManager and Deno process and shares the database (persistence, scheduler jobs, rooms, users).
 * The engine allows one AppManager per process and looks permissions up on the last one made, so hosts
 * are started one after the other and stopped together.
 */
export class Cluster {
    private constructor(readonly hosts: EngineHost[]) {}

    static async start(count: number, options: StartOptions): Promise<Cluster> {
        const store = options.store ?? new MemoryStore();
        const hosts: EngineHost[] = [];
        try {
            for (let i = 0; i < count; i++) {
                // The previous host's manager stays alive; the singleton guard only stops a second construction.
                (AppManager as Field).Instance = undefined;
                hosts.push(await EngineHost.start({ ...options, store }));
            }
        } catch (e) {
            await new Cluster(hosts).stop();
            throw e;
        }
        return new Cluster(hosts);
    }

    get store() {
        return this.hosts[0].store;
    }

    /** Every host runs its due jobs at the same time, as every server's scheduler polls the same collection. */
    async runJobsEverywhere() {
        return (await Promise.all(this.hosts.map((h) => h.runJobs()))).flat();
    }

    async stop(): Promise<void> {
        for (const host of [...this.hosts].reverse()) await host.stop();
    }
}
