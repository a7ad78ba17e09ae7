import type { ImportRow } from './csv';
import type { FieldErrors } from './errors';

/** What one row of an import does (or would do, in a dry run), and why a row is rejected. */
export interface RowOutcome {
    row: number;
    action: 'create' | 'update' | 'reject';
    name?: string;
    /** The contact updated (or created, once applied). */
    contactId?: string;
    /** Field-level reasons of a rejection: field (column) to i18n key. */
    errors?: FieldErrors;
}

export interface ImportJob {
    kind: 'import';
    id: string;
    ownerId: string;
    status: 'running' | 'done' | 'failed';
    rows: ImportRow[];
    createdAt: string;
    updatedAt: string;
    error?: string;
}

export interface ImportCounts {
    create: number;
    update: number;
    reject: number;
}

export function countOutcomes(outcomes: RowOutcome[]): ImportCounts {
    const counts: ImportCounts = { create: 0, update: 0, reject: 0 };
    for (const o of outcomes) {
        counts[o.action] += 1;
    }
    return counts;
}

/** "yes"/"no" and their usual spellings; undefined for anything else (a field error). */
export function parseYesNo(value: string): boolean | undefined {
    const v = value.trim().toLowerCase();
    if (['yes', 'y', 'true', '1', 'x'].includes(v)) {
        return true;
    }
    return ['no', 'n', 'false', '0', ''].includes(v) ? false : undefined;
}
