import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ImportJob, RowOutcome } from '../domain/imports';
import { Assoc } from './associations';
import { readAll } from './read';

/**
 * An import is a job record [importJob(id), importsBy(owner)] holding the parsed rows, written at the start and
 * the end, and one record per applied row [importRows(id), importRow(id, n)]: a row with a record is never applied
 * again, so a resumed import goes on where it stopped.
 */
export class ImportRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    async get(id: string): Promise<ImportJob | undefined> {
        const [record] = await readAll<ImportJob>(this.reader, Assoc.importJob(id));
        return record;
    }

    async outcomes(id: string): Promise<RowOutcome[]> {
        const records = await readAll<RowOutcome>(this.reader, Assoc.importRows(id));
        return records.sort((a, b) => a.row - b.row);
    }

    /** Every import's id. */
    async ids(): Promise<string[]> {
        return (await readAll<{ importId: string }>(this.reader, Assoc.imports())).map((m) => m.importId);
    }

    static async save(persistence: IPersistence, job: ImportJob): Promise<void> {
        await persistence.updateByAssociations([Assoc.importJob(job.id), Assoc.importsBy(job.ownerId)], job, true);
        await persistence.updateByAssociations([Assoc.imports(), Assoc.importMarker(job.id)], { importId: job.id }, true);
    }

    static async saveOutcome(persistence: IPersistence, importId: string, outcome: RowOutcome): Promise<void> {
        await persistence.updateByAssociations([Assoc.importRows(importId), Assoc.importRow(importId, outcome.row)], outcome, true);
    }
}
