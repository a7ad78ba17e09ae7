import * as fs from 'fs';
import * as path from 'path';
import { EngineHost, MemoryStore, type ShownView, type StartOptions, type Store } from '@contact-center/engine-host';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { countRooms } from '../../src/services/backfill';

const root = path.resolve(__dirname, '../..');

/** The zip `npm run package` builds (the engine project's globalSetup builds it before the tests). */
export function packagedZip(): string {
    const info = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
    return path.join(root, 'dist', `${info.nameSlug}_${info.version}.zip`);
}

export function startApp(options: Partial<StartOptions> = {}): Promise<EngineHost> {
    return EngineHost.start({ zipPath: packagedZip(), settings: { cc_default_country: 'BR' }, ...options });
}

/**
 * A copy of every document of a store. A file whose setup is costly (a large seeded workspace) builds it once, and
 * each test starts its own host on a copy: the original stays as it was for the next test.
 */
export async function copyStore(store: Store): Promise<MemoryStore> {
    const copy = new MemoryStore();
    for (const name of store.collectionNames()) {
        const docs = await store.collection(name).find({});
        if (docs.length > 0) await copy.collection(name).insertMany(docs);
    }
    return copy;
}

type Node = Record<string, unknown>;

/**
 * The look-ups of one room each the backfill makes to count `total` rooms (services/backfill.ts, countRooms), and how
 * many of them found one: what a walk pays once, before its pages.
 */
export async function lookUpsToCount(total: number): Promise<{ calls: number; found: number }> {
    let calls = 0;
    let found = 0;
    const getAllRooms = async (_filter: unknown, options: { skip: number; limit: number }) => {
        calls++;
        const rooms = Array.from({ length: Math.max(0, Math.min(options.limit, total - options.skip)) }, () => ({}));
        found += rooms.length;
        return rooms;
    };
    if ((await countRooms({ getRoomReader: () => ({ getAllRooms }) } as unknown as IRead)) !== total) {
        throw new Error(`countRooms miscounted ${total} rooms`);
    }
    return { calls, found };
}

/** Every plain text of a view, in order. */
export function texts(view: ShownView | undefined): string[] {
    const found: string[] = [];
    const walk = (value: unknown) => {
        if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (value && typeof value === 'object') {
            const node = value as Node;
            if (node.type === 'plain_text' && typeof node.text === 'string') {
                found.push(node.text);
            }
            Object.values(node).forEach(walk);
        }
    };
    // The title too: a contact page is titled with the contact's name.
    walk((view as { title?: unknown } | undefined)?.title);
    walk(view?.blocks);
    return found;
}

/** Every button of a view: where it is, its label and value. */
export function buttons(view: ShownView | undefined): { actionId: string; blockId: string; label: string; value?: string }[] {
    const found: { actionId: string; blockId: string; label: string; value?: string }[] = [];
    for (const block of (view?.blocks ?? []) as Node[]) {
        const elements = [...((block.elements as Node[]) ?? []), ...(block.accessory ? [block.accessory as Node] : [])];
        for (const e of elements) {
            if (e.type === 'button') {
                found.push({
                    actionId: e.actionId as string,
                    blockId: e.blockId as string,
                    label: (e.text as Node).text as string,
                    value: e.value as string | undefined,
                });
            }
        }
    }
    return found;
}

/** The rows of a list: the first text of each section whose accessory opens something. */
export function rows(view: ShownView | undefined, actionId: string): { name: string; value: string }[] {
    return (
        ((view?.blocks ?? []) as Node[])
            .filter((b) => b.type === 'section' && (b.accessory as Node | undefined)?.actionId === actionId)
            // A row reads "Name · more": the name is what comes before the first " · ".
            .map((b) => ({ name: ((b.text as Node).text as string).split(' · ')[0], value: (b.accessory as Node).value as string }))
    );
}

/** The value each input of a view starts with, by field (each input's block id and action id are its field name). */
export function initialValues(view: ShownView): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const block of (view.blocks ?? []) as Node[]) {
        const element = block.element as Node | undefined;
        if (block.type !== 'input' || !element || typeof element.actionId !== 'string') {
            continue;
        }
        if (element.type === 'checkbox') {
            values[element.actionId] = ((element.initialOptions as Node[] | undefined) ?? []).map((o) => o.value);
        } else if (element.type === 'datepicker') {
            if (element.initialDate !== undefined) values[element.actionId] = element.initialDate;
        } else if (element.initialValue !== undefined) {
            values[element.actionId] = element.initialValue;
        }
    }
    return values;
}

/** An agent at the keyboard: clicks and types as the Rocket.Chat client would send them. */
export class Agent {
    constructor(
        readonly host: EngineHost,
        readonly userId: string,
    ) {}

    get view(): ShownView | undefined {
        return this.host.viewsFor(this.userId).modal;
    }

    /** Closes the open modal (its X), as the client does: removed at once, then the app is told. */
    async close(): Promise<void> {
        const open = this.view;
        if (open) {
            await this.host.closeView({ user: this.userId, view: open });
        }
    }

    /** The user menu's entry. A modal covers the menu: the user closes it first, as in Rocket.Chat. */
    async openContactCenter(): Promise<ShownView | undefined> {
        await this.close();
        await this.host.clickActionButton({ user: this.userId, actionId: 'cc-open', force: true });
        return this.view;
    }

    async click(label: string, value?: string): Promise<ShownView | undefined> {
        const button = buttons(this.view).find((b) => b.label === label && (value === undefined || b.value === value));
        if (!button) {
            throw new Error(
                `No button "${label}" in view ${this.view?.id}: ${buttons(this.view)
                    .map((b) => b.label)
                    .join(', ')}`,
            );
        }
        return this.press(button.actionId, button.value, button.blockId);
    }

    /** Sends a block action as is, whatever the view shows: a forged request. */
    async press(actionId: string, value?: string, blockId = 'forged'): Promise<ShownView | undefined> {
        await this.host.blockAction({ user: this.userId, actionId, blockId, value, view: this.view ? { id: this.view.id } : undefined });
        return this.view;
    }

    /**
     * Submits the view as the client does: every input with its value, the typed `values` over the values the view
     * started with (an input left alone sends its initial value; '' clears it).
     */
    async submit(values: Record<string, unknown>, view = this.view): Promise<unknown> {
        if (!view) {
            throw new Error('No view to submit');
        }
        const typed = { ...initialValues(view), ...values };
        const state = Object.fromEntries(Object.entries(typed).map(([field, value]) => [field, { [field]: value }]));
        return this.host.submitView({ user: this.userId, view, state });
    }

    async search(query: string): Promise<string[]> {
        await this.submit({ 'cc-query': query });
        return rows(this.view, 'cc-contact-open').map((r) => r.name);
    }

    async openRow(name: string, actionId = 'cc-contact-open'): Promise<ShownView | undefined> {
        const row = rows(this.view, actionId).find((r) => r.name === name);
        if (!row) {
            throw new Error(
                `No row "${name}": ${rows(this.view, actionId)
                    .map((r) => r.name)
                    .join(', ')}`,
            );
        }
        return this.press(actionId, row.value);
    }
}
