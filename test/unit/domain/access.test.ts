import { canSeeContact, parseRoles, scopeOf } from '../../../src/domain/access';
import { aContact } from '../factories';

const seeAll = parseRoles('livechat-manager, admin');

describe('access policy', () => {
    it('gives managers and admins the whole directory', () => {
        expect(scopeOf({ id: 'm', username: 'm', roles: ['user', 'livechat-manager'] }, seeAll)).toEqual({ kind: 'all' });
        expect(scopeOf({ id: 'a', username: 'a', roles: ['admin'] }, seeAll)).toEqual({ kind: 'all' });
    });
    it('limits agents to their own contacts', () => {
        const scope = scopeOf({ id: 'agent1', username: 'a', roles: ['user', 'livechat-agent'] }, seeAll);
        expect(scope).toEqual({ kind: 'agent', agentId: 'agent1' });
        expect(canSeeContact(scope!, aContact({ servedBy: ['agent1'] }))).toBe(true);
        expect(canSeeContact(scope!, aContact({ createdBy: 'agent1' }))).toBe(true);
        expect(canSeeContact(scope!, aContact({ servedBy: ['agent2'] }))).toBe(false);
    });
    it('refuses users without an omnichannel role', () => {
        expect(scopeOf({ id: 'u', username: 'u', roles: ['user'] }, seeAll)).toBeUndefined();
    });
    it('follows the setting', () => {
        expect(scopeOf({ id: 's', username: 's', roles: ['supervisor'] }, parseRoles('supervisor'))).toEqual({ kind: 'all' });
    });
});
