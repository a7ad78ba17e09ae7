import { boundedText } from '../domain/decode';
import { ValidationError } from '../domain/errors';
import { LIST_LIMITS } from '../domain/listAt';
import { PICKABLE, fingerprint, validateCompose, type ComposeInput } from '../domain/broadcast';
import {
    assertMayBroadcast,
    broadcastReport,
    cancelBroadcast,
    createBroadcast,
    listBroadcasts,
    mayBroadcast,
    previewBroadcast,
} from '../services/broadcastService';
import { buildBroadcastForm, buildBroadcastReport, buildBroadcastsView, type ComposeValues } from '../ui/broadcastViews';
import { Fields } from '../ui/ids';
import type { Screen } from './respond';

/** Broadcast screens: each checks the broadcast roles again, and the audience is always computed here. */
export const broadcastsScreen =
    (notice?: string, query?: unknown): Screen =>
    async (ctx) => {
        if (ctx.scope.kind !== 'all') {
            assertMayBroadcast(ctx.caller, ctx.config);
        }
        const carried = boundedText(query, LIST_LIMITS.query);
        const broadcasts = await listBroadcasts(ctx);
        return buildBroadcastsView(ctx.appId, broadcasts, {
            utcOffset: ctx.caller.utcOffset,
            notice,
            query: carried,
            callerId: ctx.caller.id,
            canSend: mayBroadcast(ctx.caller, ctx.config),
        });
    };

export const composeScreen =
    (query: unknown): Screen =>
    async (ctx) => {
        assertMayBroadcast(ctx.caller, ctx.config);
        return buildBroadcastForm(ctx.appId, { query: boundedText(query, LIST_LIMITS.query) });
    };

/** Validates and shows the audience summary and the message for the first recipient (ValidationError on bad input). */
export const previewScreen =
    (input: ComposeInput, confirmShown?: string): Screen =>
    async (ctx) => {
        assertMayBroadcast(ctx.caller, ctx.config);
        const valid = validateCompose(input);
        // Send pressed on the previewed message without the tick: said beside the box, the form kept.
        if (confirmShown !== undefined && fingerprint(valid) === confirmShown) {
            throw new ValidationError({ [Fields.bcConfirm]: { key: 'error_bc_confirm' } });
        }
        const preview = await previewBroadcast(ctx, valid);
        const s = preview.summary;
        // A small audience can be narrowed one by one; the preview then stands for the ticked recipients.
        const deliverable = preview.full.entries.filter((e) => !e.skip);
        const pickable =
            !preview.full.truncated && deliverable.length <= PICKABLE
                ? deliverable.map((e) => ({ id: e.contactId, name: e.name }))
                : undefined;
        const ticked =
            valid.picked ??
            s.entries
                .filter((e) => !e.skip)
                .map((e) => e.contactId)
                .sort();
        const shown = pickable ? { ...valid, picked: ticked } : valid;
        return buildBroadcastForm(ctx.appId, valuesOf(input), {
            valid: shown,
            total: s.entries.length,
            deliverable: s.deliverable,
            skipped: s.skipped,
            truncated: s.truncated,
            sample: preview.sample,
            pickable,
        });
    };

/** Sends only what the preview showed: a changed form is previewed again instead. */
export const sendScreen =
    (input: ComposeInput, previewed: string): Screen =>
    async (ctx) => {
        const valid = validateCompose(input);
        if (fingerprint(valid) !== previewed) {
            return previewScreen(input)(ctx);
        }
        await createBroadcast(ctx, valid);
        return broadcastsScreen('bc_started')(ctx);
    };

export const cancelScreen =
    (id: unknown): Screen =>
    async (ctx) => {
        await cancelBroadcast(ctx, id);
        return broadcastsScreen('bc_cancel_requested')(ctx);
    };

export const reportScreen =
    (id: unknown): Screen =>
    async (ctx) => {
        const report = await broadcastReport(ctx, id);
        return buildBroadcastReport(ctx.appId, report.broadcast, report.rows, ctx.caller.utcOffset);
    };

function valuesOf(input: ComposeInput): ComposeValues {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
        query: str(input.query),
        tag: str(input.tag),
        channel: input.channel === 'email' ? 'email' : 'conversation',
        message: str(input.message),
    };
}
