import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IDepartment } from '@rocket.chat/apps-engine/definition/livechat';
import { fold } from '../domain/text';

/** A department's name for display; the id when the host does not know it (deleted, or not readable). */
export async function departmentName(read: IRead, departmentId: string | undefined): Promise<string | undefined> {
    if (!departmentId) {
        return undefined;
    }
    const department = await read.getLivechatReader().getLivechatDepartmentByIdOrName(departmentId);
    return department?.name ?? departmentId;
}

/**
 * A department by its id or name as typed (one exact look-up), else by its name in any case or accents among the
 * workspace's departments (one more call, only then); with no match, the names there are, to say which to type.
 */
export async function departmentNamed(read: IRead, value: string): Promise<{ department?: IDepartment; known: string[] }> {
    const exact = await read.getLivechatReader().getLivechatDepartmentByIdOrName(value);
    if (exact) {
        return { department: exact, known: [] };
    }
    const all = (await read.getLivechatReader().getDepartmentsEnabledWithAgents()) ?? [];
    const matches = all.filter((d) => typeof d.name === 'string' && fold(d.name) === fold(value));
    return matches.length === 1
        ? { department: matches[0], known: [] }
        : {
              known: all
                  .map((d) => d.name)
                  .filter((name): name is string => typeof name === 'string' && name.length > 0)
                  .sort(),
          };
}

/** Departments' names to pick from, sorted: those enabled with agents (Rocket.Chat lists no others to apps). */
export async function departmentNames(read: IRead): Promise<string[]> {
    const all = (await read.getLivechatReader().getDepartmentsEnabledWithAgents()) ?? [];
    return [...new Set(all.map((d) => d.name).filter((name): name is string => typeof name === 'string' && name.length > 0))].sort((a, b) =>
        a.localeCompare(b),
    );
}
