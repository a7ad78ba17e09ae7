import type { Scope } from './access';
import type { ChatFilter } from './chat';

/** What an export holds: the Contacts search or the Chats filter the caller was looking at. */
export type ExportSubject = { kind: 'contacts'; query: string } | { kind: 'chats'; filter: ChatFilter };

/** An export's progress record. The file itself is written in chunks of rows (see ExportRepository). */
export interface ExportJob {
    kind: 'export';
    id: string;
    ownerId: string;
    subject: ExportSubject;
    /** What the owner could see when the export started: the file is given to them only while they still see as much. */
    scope?: Scope;
    /** 'expired': the link expired and the file was removed. */
    status: 'running' | 'done' | 'failed' | 'expired';
    /** Rows in the snapshot taken by the first run; 0 until then. */
    total: number;
    /** Rows written so far. */
    done: number;
    /** Chunks written so far: a resumed run starts with the next one. */
    chunks: number;
    /** The secret of the download link (unguessable, compared in constant time). */
    token: string;
    createdAt: string;
    updatedAt: string;
    /** The link stops working at this time; set when the file is complete. */
    expiresAt?: string;
    /** i18n key of the reason an export failed. */
    error?: string;
}

export const EXPORT_CHUNK_ROWS = 500;
/** How long the download link works once the file is ready. */
export const EXPORT_LINK_MINUTES = 30;

/** Progress in whole percent; an export whose snapshot is not taken yet is at 0. */
export function exportPercent(job: Pick<ExportJob, 'status' | 'total' | 'done'>): number {
    if (job.status === 'done') {
        return 100;
    }
    return job.total === 0 ? 0 : Math.min(99, Math.floor((job.done * 100) / job.total));
}

export function isExpired(job: Pick<ExportJob, 'expiresAt' | 'status'>, now: Date): boolean {
    return job.status === 'expired' || (job.expiresAt !== undefined && Date.parse(job.expiresAt) <= now.getTime());
}
