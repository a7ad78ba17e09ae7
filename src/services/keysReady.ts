import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { KEYS_SHAPE } from '../domain/searchKeys';
import { readJobState } from '../store/JobState';

/**
 * The state of the key walk (services/rekey.ts) and what searches ask of it. Apart from the walk, which reads the
 * backfill's state: the searches that ask are themselves reached from the backfill.
 */
export const REKEY_JOB = 'cc-rekey';

export interface RekeyState {
    /** The keys shape this walk gives the entries. */
    shape: number;
    /** The next shard to walk. */
    shard: number;
    /** Entries saved again so far. */
    saved: number;
    done: boolean;
    /** Entries saved since then carry the keys already (they are saved by this version): the walk leaves them. */
    startedAt: string;
    finishedAt?: string;
    updatedAt: string;
}

export const keyWalkFinished = (state: RekeyState | undefined): boolean => !!state && state.done && state.shape >= KEYS_SHAPE;

/** Once this process has seen the walk finished, it is not read again: a new shape comes with a new app process. */
let seenReady = false;

/**
 * Whether every entry carries the current keys, so that a look-up may ask for the agent's own: one read of the walk's
 * state until this process has seen it finished, none after. Until then searches read everyone's keys, as before.
 */
export async function agentKeysReady(read: IRead): Promise<boolean> {
    if (!seenReady) {
        seenReady = keyWalkFinished(await readJobState<RekeyState>(read.getPersistenceReader(), REKEY_JOB));
    }
    return seenReady;
}
