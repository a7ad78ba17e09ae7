import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import {
    BROADCAST_LIMITS,
    CHANNELS,
    PICKABLE,
    PLACEHOLDERS,
    fingerprint,
    type Broadcast,
    type Channel,
    type SkipReason,
    type ValidCompose,
} from '../domain/broadcast';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, Fields, ViewIds } from './ids';

export interface ComposeValues {
    query?: string;
    tag?: string;
    channel?: Channel;
    message?: string;
}

export interface ComposePreview {
    valid: ValidCompose;
    total: number;
    deliverable: number;
    skipped: Partial<Record<SkipReason, number>>;
    truncated: boolean;
    sample?: { name: string; text: string };
    /** Recipients the sender may untick one by one (small audiences only), and those ticked. */
    pickable?: { id: string; name: string }[];
}

/** The compose form; with a preview it becomes the Send form, whose id names what the preview showed. */
export function buildBroadcastForm(appId: string, values: ComposeValues, preview?: ComposePreview): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    b.context([t('bc_audience_help', { max: BROADCAST_LIMITS.recipients })]);
    b.textInput(Fields.bcQuery, t('bc_field_query'), { initialValue: values.query, maxLength: 200 });
    b.textInput(Fields.bcTag, t('bc_field_tag'), { initialValue: values.tag, maxLength: 40 });
    b.select(
        Fields.bcChannel,
        t('bc_field_channel'),
        CHANNELS.map((c) => ({ value: c, text: t(`bc_channel_${c}`) })),
        values.channel ?? 'conversation',
    );
    b.textInput(Fields.bcMessage, t('bc_field_message'), {
        initialValue: values.message,
        multiline: true,
        optional: false,
        maxLength: BROADCAST_LIMITS.message,
        placeholder: t('bc_message_placeholder', { placeholders: PLACEHOLDERS.map((p) => `{${p}}`).join(' ') }),
    });
    if (preview) {
        b.divider();
        b.section(t('bc_summary', { deliverable: preview.deliverable, total: preview.total }));
        const reasons = Object.entries(preview.skipped).map(([reason, count]) => t(`bc_skipped_${reason}`, { count: count as number }));
        if (reasons.length > 0) {
            b.context(reasons);
        }
        if (preview.truncated) {
            b.context([t('bc_truncated', { max: BROADCAST_LIMITS.recipients })]);
        }
        if (preview.pickable) {
            b.multiSelect(
                Fields.bcPick,
                t('bc_field_pick'),
                preview.pickable.map((p) => ({ value: p.id, text: plain(p.name) })),
                preview.valid.picked ?? preview.pickable.map((p) => p.id),
            );
        } else {
            b.context([t('bc_pick_too_many', { max: PICKABLE })]);
        }
        if (preview.sample) {
            b.section(t('bc_preview_for', { name: preview.sample.name }));
            b.section(plain(preview.sample.text));
        }
        // Unticked until the sender ticks it; ticked, it names what this preview showed: a form changed since is
        // previewed again, not sent.
        b.checkbox(
            Fields.bcConfirm,
            t('bc_confirm_label'),
            t('bc_confirm', { count: preview.deliverable }),
            false,
            fingerprint(preview.valid),
        );
    }
    const submit = b.button(ActionIds.search, t(preview ? 'bc_send' : 'bc_preview'), undefined, 'primary');
    return { id: ViewIds.broadcastCompose, title: t('bc_title'), blocks: b.list, submit, close: closeButton(b) };
}

export interface BroadcastsViewOptions {
    utcOffset?: number;
    notice?: string;
    /** The search the Contacts tab had, carried to New broadcast. */
    query?: string;
    /** Broadcasts of other senders (a manager's view) name their sender. */
    callerId?: string;
    /** Whether the caller may send broadcasts (a manager without the role only watches and cancels). */
    canSend?: boolean;
}

/** The caller's broadcasts (a manager's view adds the others still running), with progress; Cancel while running, Report for each. */
export function buildBroadcastsView(appId: string, broadcasts: Broadcast[], options: BroadcastsViewOptions = {}): IUIKitModalViewParam {
    const { utcOffset = 0, notice, query = '', callerId, canSend = true } = options;
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    b.actions([
        ...(canSend ? [b.button(ActionIds.broadcastNew, t('bc_new'), query, 'primary')] : []),
        b.button(ActionIds.broadcasts, t('bc_refresh'), query),
    ]);
    if (notice) {
        b.context([t(notice)]);
    }
    if (broadcasts.some((x) => x.status === 'running')) {
        // Apps cannot push a view: the progress is as of now, and Refresh reads it again.
        b.context([t('progress_as_of', { time: formatDateTime(new Date().toISOString(), utcOffset) })]);
    }
    b.divider();
    if (broadcasts.length === 0) {
        b.section(t('bc_none'));
    }
    for (const broadcast of broadcasts.slice(0, 50)) {
        const c = broadcast.counts;
        // Buttons name the broadcast they act on by when it was created (UI Kit buttons take no aria-label).
        const created = formatDateTime(broadcast.createdAt, utcOffset);
        b.section(
            plain(broadcast.text.length > 80 ? `${broadcast.text.slice(0, 79)}…` : broadcast.text),
            b.button(ActionIds.broadcastReport, t('bc_report_of', { date: created }), broadcast.id),
            [
                t('bc_progress', { sent: c.sent, failed: c.failed + c.unknown, skipped: c.skipped, total: broadcast.total }),
                broadcast.stopReason ? t(broadcast.stopReason) : t(`bc_status_${broadcast.status}`),
                t(`bc_channel_${broadcast.channel}`),
                t('bc_created', { date: created }),
                ...(callerId && broadcast.senderId !== callerId ? [t('bc_sent_by', { sender: broadcast.senderUsername })] : []),
            ],
        );
        if (broadcast.status === 'running') {
            b.actions([b.button(ActionIds.broadcastCancel, t('bc_cancel_of', { date: created }), broadcast.id, 'danger')]);
        }
    }
    return { id: ViewIds.broadcasts, title: t('bc_title'), blocks: b.list, close: closeButton(b) };
}

export interface ReportRowView {
    name: string;
    state: string;
    reason?: string;
}

const REPORT_ROWS = 100;
const ORDER = ['failed', 'unknown', 'skipped', 'pending', 'sending', 'sent'];

/** Per recipient: sent, failed (why), unknown, skipped (why), pending; problems first. */
export function buildBroadcastReport(appId: string, broadcast: Broadcast, rows: ReportRowView[], utcOffset = 0): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    b.actions([b.button(ActionIds.broadcasts, t('back'), '')]);
    const c = broadcast.counts;
    b.section(plain(broadcast.text));
    b.context([
        broadcast.stopReason ? t(broadcast.stopReason) : t(`bc_status_${broadcast.status}`),
        t('bc_progress', { sent: c.sent, failed: c.failed + c.unknown, skipped: c.skipped, total: broadcast.total }),
        t('bc_created', { date: formatDateTime(broadcast.createdAt, utcOffset) }),
    ]);
    if (broadcast.truncated) {
        b.context([t('bc_truncated', { max: BROADCAST_LIMITS.recipients })]);
    }
    b.divider();
    const sorted = [...rows].sort((x, y) => ORDER.indexOf(x.state) - ORDER.indexOf(y.state));
    for (const row of sorted.slice(0, REPORT_ROWS)) {
        b.fields([plain(row.name), t(`bc_state_${row.state}`), row.reason ? t(row.reason) : plain(' ')]);
    }
    if (sorted.length > REPORT_ROWS) {
        b.context([t('bc_report_more', { shown: REPORT_ROWS, total: sorted.length })]);
    }
    return { id: ViewIds.broadcastReport, title: t('bc_title'), blocks: b.list, close: closeButton(b) };
}
