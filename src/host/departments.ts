import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** A department's name for display; the id when the host does not know it (deleted, or not readable). */
export async function departmentName(read: IRead, departmentId: string | undefined): Promise<string | undefined> {
    if (!departmentId) {
        return undefined;
    }
    const department = await read.getLivechatReader().getLivechatDepartmentByIdOrName(departmentId);
    return department?.name ?? departmentId;
}
