import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ExportJob } from '../domain/exports';
import { Assoc } from './associations';
import { readAll } from './read';

interface Chunk {
    index: number;
    text: string;
}

/**
 * An export is several records, each always written with the same association array (updates match exactly):
 *   job     [exportJob(id), exportsBy(owner), exports()]  progress, rewritten after each chunk
 *   ids     [exportIds(id)]  the rows' ids, written once by the first run (the snapshot)
 *   chunk   [exportChunks(id), exportChunk(id, n)]  a few hundred CSV rows; rewriting one is harmless
 */
export class ExportRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    async get(id: string): Promise<ExportJob | undefined> {
        const [record] = await readAll<ExportJob>(this.reader, Assoc.exportJob(id));
        return record;
    }

    async ofOwner(ownerId: string): Promise<ExportJob[]> {
        return await readAll<ExportJob>(this.reader, Assoc.exportsBy(ownerId));
    }

    /** Every export's progress record (at most one per user: a new export replaces the user's earlier one). */
    async all(): Promise<ExportJob[]> {
        return await readAll<ExportJob>(this.reader, Assoc.exports());
    }

    async ids(id: string): Promise<string[] | undefined> {
        const [record] = await readAll<{ ids: string[] }>(this.reader, Assoc.exportIds(id));
        return record?.ids;
    }

    /** The file: chunks in order. */
    async text(id: string): Promise<string> {
        const chunks = await readAll<Chunk>(this.reader, Assoc.exportChunks(id));
        return chunks
            .sort((a, b) => a.index - b.index)
            .map((c) => c.text)
            .join('');
    }

    static async save(persistence: IPersistence, job: ExportJob): Promise<void> {
        await persistence.updateByAssociations([Assoc.exportJob(job.id), Assoc.exportsBy(job.ownerId), Assoc.exports()], job, true);
    }

    static async saveIds(persistence: IPersistence, id: string, ids: string[]): Promise<void> {
        await persistence.updateByAssociations([Assoc.exportIds(id)], { ids }, true);
    }

    static async saveChunk(persistence: IPersistence, id: string, index: number, text: string): Promise<void> {
        await persistence.updateByAssociations([Assoc.exportChunks(id), Assoc.exportChunk(id, index)], { index, text }, true);
    }

    /** Removes an export's file (its rows and their ids), keeping its progress record. */
    static async removeFile(persistence: IPersistence, id: string): Promise<void> {
        await persistence.removeByAssociation(Assoc.exportChunks(id));
        await persistence.removeByAssociation(Assoc.exportIds(id));
    }

    /** Removes an export and its file. */
    static async remove(persistence: IPersistence, id: string): Promise<void> {
        await ExportRepository.removeFile(persistence, id);
        await persistence.removeByAssociation(Assoc.exportJob(id));
    }
}
