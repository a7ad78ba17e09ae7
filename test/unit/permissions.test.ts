import * as fs from 'fs';
import * as path from 'path';

/**
 * app.json must declare exactly the permissions the code needs: a missing one makes the host answer
 * undefined at run time (silently), an extra one asks admins for more than the app uses.
 * Each accessor call the app makes is mapped to the permission the engine's bridge checks for it.
 */
const ACCESSOR_PERMISSIONS: Record<string, string[]> = {
    'getPersistenceReader(': ['persistence'],
    'createWithAssociations(': ['persistence'],
    'updateByAssociation(': ['persistence'],
    'removeByAssociation(': ['persistence'],
    'getScheduler(': ['scheduler'],
    'scheduleOnce(': ['scheduler'],
    'registerProcessors(': ['scheduler'],
    'getUiController(': ['ui.interact'],
    'registerButton(': ['ui.registerButtons'],
    'getUserReader(': ['user.read'],
    'getAllRooms(': ['room.system.view-all'],
    'getRoomReader().getById(': ['room.read'],
    'getLivechatVisitorById(': ['livechat-visitor.read'],
    'getLivechatVisitorByEmail(': ['livechat-visitor.read'],
    'getLivechatVisitorByPhoneNumber(': ['livechat-visitor.read'],
    'getLivechatVisitors(': ['livechat-visitor.read'],
    'getLivechatRooms(': ['livechat-room.read'],
    'createAndReturnVisitor(': ['livechat-visitor.write'],
    'createToken(': ['livechat-visitor.write'],
    'createRoom(': ['livechat-room.write'],
    'setCustomFields(': ['livechat-custom-fields.write'],
    'getLivechatDepartmentByIdOrName(': ['livechat-department.read'],
    'getDepartmentsEnabledWithAgents(': ['livechat-department.multiple'],
    'getMessages(': ['room.read'],
    'startMessage(': ['message.write'],
    'getEmailCreator(': ['email.send'],
    'provideApi(': ['api'],
    'getServerSettings(': ['server-setting.read'],
    'getContactReader(': ['contact.read'],
    'getContactCreator(': ['contact.write'],
};

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
    });
}

describe('declared permissions', () => {
    const root = path.resolve(__dirname, '../..');
    const code = [path.join(root, 'ContactCenterApp.ts'), ...sources(path.join(root, 'src'))]
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
    const declared = (JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')).permissions as { name: string }[]).map(
        (p) => p.name,
    );
    const needed = new Set(Object.entries(ACCESSOR_PERMISSIONS).flatMap(([call, permissions]) => (code.includes(call) ? permissions : [])));

    it('declares every permission the code needs', () => {
        expect([...needed].filter((p) => !declared.includes(p))).toEqual([]);
    });

    it('declares nothing the code does not use', () => {
        expect(declared.filter((p) => !needed.has(p))).toEqual([]);
    });
});
