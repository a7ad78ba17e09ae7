import { performance } from 'perf_hooks';

import { randomId } from '../store/MemoryStore';
import type { Field } from '../store/Store';

/**
 * What each user is shown, as the Rocket.Chat web client would show it.
 *
 * The client mints a trigger id per click and forgets it after 5 s (TRIGGER_TIMEOUT); a view opened with an
 * unknown or expired trigger, through notifyUser or in the interaction's response, never appears. Updates and
 * closes address an open view by id. Every event is kept, ignored ones with the reason, so a test can tell
 * "the app never opened it" from "it opened too late". The deadline is measured in real elapsed time (the app's
 * real latency), even when the host clock is frozen for the scheduler.
 */
export const TRIGGER_TIMEOUT_MS = 5000;

export type ViewKind = 'modal' | 'contextualBar';

export interface ShownView {
    id: string;
    kind: ViewKind;
    appId: string;
    title?: unknown;
    blocks: Field[];
    submit?: unknown;
    close?: unknown;
    state?: Record<string, unknown>;
    /** Field errors set by an `errors` interaction, keyed by block/action id. */
    errors?: Record<string, string>;
    [key: string]: unknown;
}

export interface ViewEvent {
    at: Date;
    userId: string;
    via: 'notifyUser' | 'response';
    type: string;
    triggerId?: string;
    viewId?: string;
    /** The view opened or updated; kept on the newest events only (VIEWS_KEPT). */
    view?: ShownView;
    ignored?: string;
}

interface UserViews {
    modal?: ShownView;
    contextualBar?: ShownView;
}

/**
 * Rocket.Chat's client mounts a UiKit modal keyed by its view id, and the modal keeps the view it was mounted with
 * (apps/meteor/app/ui-message/client/ActionManager.ts, openModal: `key: view.id`; UiKitModal: `useState(initialView)`):
 * a `modal.open` whose id is the open modal's leaves that modal on screen as it was. Only a new id mounts a new modal
 * (shown from its top, with the new view's initial values).
 */
function sameModal(open: ShownView | undefined, view: ShownView): string | undefined {
    return open?.id === view.id ? `modal ${view.id} is open: the client keeps it as it was (a modal is keyed by its view id)` : undefined;
}

const KIND_BY_PREFIX: Record<string, ViewKind> = { modal: 'modal', contextual_bar: 'contextualBar' };

/** Events of the history (ViewTracker.events) that keep the view they showed, newest first. */
const VIEWS_KEPT = 200;

export class ViewTracker {
    private readonly triggers = new Map<string, { userId: string; issuedAt: number }>();
    private readonly elapsedMs = () => performance.now();
    private readonly shown = new Map<string, UserViews>();
    readonly events: ViewEvent[] = [];

    constructor(private readonly now: () => Date) {}

    /** A click in the client: returns the trigger id the interaction carries. */
    issueTrigger(userId: string): string {
        const triggerId = randomId();
        this.triggers.set(triggerId, { userId, issuedAt: this.elapsedMs() });
        return triggerId;
    }

    private triggerProblem(triggerId: string | undefined): string | undefined {
        const trigger = triggerId ? this.triggers.get(triggerId) : undefined;
        if (!trigger) return 'unknown trigger id';
        const age = Math.round(this.elapsedMs() - trigger.issuedAt);
        return age > TRIGGER_TIMEOUT_MS ? `trigger expired (${age} ms > ${TRIGGER_TIMEOUT_MS} ms)` : undefined;
    }

    /** Applies a UIKit interaction (`modal.open`, `contextual_bar.update`, `errors`, ...) for a user. */
    apply(userId: string, interaction: Field, via: ViewEvent['via']): ViewEvent {
        const { type, triggerId } = interaction;
        const event: ViewEvent = { at: this.now(), userId, via, type, triggerId };
        const views = this.shown.get(userId) ?? {};
        this.shown.set(userId, views);
        const [prefix, action] = String(type).split('.');
        const kind = KIND_BY_PREFIX[prefix];

        if (type === 'errors') {
            event.viewId = interaction.viewId;
            const target = [views.modal, views.contextualBar].find((v) => v?.id === interaction.viewId);
            if (!target) event.ignored = `no open view ${interaction.viewId}`;
            else target.errors = { ...interaction.errors };
        } else if (kind && action === 'open') {
            const view = this.toView(kind, interaction);
            event.view = view;
            event.viewId = view.id;
            event.ignored = this.triggerProblem(triggerId) ?? (kind === 'modal' ? sameModal(views.modal, view) : undefined);
            if (!event.ignored) views[kind] = view;
        } else if (kind && action === 'update') {
            const view = this.toView(kind, interaction);
            event.view = view;
            event.viewId = view.id;
            if (views[kind]?.id !== view.id) event.ignored = `no open ${kind} ${view.id}`;
            else views[kind] = view;
        } else if (kind && action === 'close') {
            event.viewId = interaction.view?.id ?? interaction.viewId;
            if (!views[kind]) event.ignored = `no open ${kind}`;
            else delete views[kind];
        } else if (type !== undefined) {
            event.ignored = `unsupported interaction type ${type}`;
        }
        this.events.push(event);
        // The history keeps every event, but only the newest ones keep the view they showed: a long run (the
        // benchmark's thousands of actions) must not keep every screen's blocks alive in the host's heap.
        const older = this.events[this.events.length - 1 - VIEWS_KEPT];
        if (older) delete older.view;
        return event;
    }

    private toView(kind: ViewKind, interaction: Field): ShownView {
        const view = interaction.view ?? {};
        return { ...view, id: view.id ?? interaction.viewId, kind, appId: interaction.appId, blocks: view.blocks ?? [] };
    }

    /** The user closed a view in the client (the X or a successful submit). */
    closeById(userId: string, viewId: string): void {
        const views = this.shown.get(userId);
        if (!views) return;
        if (views.modal?.id === viewId) delete views.modal;
        if (views.contextualBar?.id === viewId) delete views.contextualBar;
    }

    /** The view in front: a modal covers the contextual bar. */
    current(userId: string): ShownView | undefined {
        const views = this.shown.get(userId);
        return views?.modal ?? views?.contextualBar;
    }

    viewsFor(userId: string): { modal?: ShownView; contextualBar?: ShownView; events: ViewEvent[] } {
        return { ...this.shown.get(userId), events: this.events.filter((e) => e.userId === userId) };
    }

    ignored(userId?: string): ViewEvent[] {
        return this.events.filter((e) => e.ignored && (!userId || e.userId === userId));
    }
}
