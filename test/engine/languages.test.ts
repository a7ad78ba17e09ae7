import { Collections, makeAgent, type EngineHost } from '@contact-center/engine-host';
import { Agent, startApp } from './driver';

type Node = Record<string, unknown>;

/** Every i18n key of a view's text objects. */
function i18nKeys(value: unknown, found: string[] = []): string[] {
    if (Array.isArray(value)) {
        value.forEach((v) => i18nKeys(v, found));
    } else if (value && typeof value === 'object') {
        const node = value as Node;
        const key = (node.i18n as { key?: string } | undefined)?.key;
        if (key) found.push(key);
        Object.values(node).forEach((v) => i18nKeys(v, found));
    }
    return found;
}

/** Languages as the engine loads them from the package, and as each agent reads the app. */
describe('Languages', () => {
    let host: EngineHost;
    const hans = makeAgent({ username: 'hans', settings: { preferences: { language: 'de' } } });
    const joao = makeAgent({ username: 'joao', settings: { preferences: { language: 'pt-BR' } } });
    const alice = makeAgent({ username: 'alice' });

    // Each test starts from this workspace on a host of its own.
    beforeEach(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([hans, joao, alice]);
    });
    afterEach(() => host?.stop());

    it('the engine loads the four languages from the package, each with every key', () => {
        const content = host.app.getStorageItem().languageContent as Record<string, Record<string, string>>;
        // The engine lowercases file names: Rocket.Chat's client turns pt-br back into pt-BR.
        expect(Object.keys(content).sort()).toEqual(['de', 'en', 'es', 'pt-br']);
        const keys = Object.keys(content.en).sort();
        for (const lang of ['de', 'es', 'pt-br']) {
            expect(Object.keys(content[lang]).sort()).toEqual(keys);
        }
        expect(content['pt-br'].tab_contacts).toBe('Contatos');
    });

    it('labels carry i18n keys, so Rocket.Chat shows each viewer their own language', async () => {
        const agent = new Agent(host, hans._id as string);
        await agent.openContactCenter();
        const keys = i18nKeys(agent.view?.blocks);
        expect(keys).toEqual(expect.arrayContaining(['tab_contacts', 'tab_chats', 'new_contact']));
        expect(i18nKeys(agent.view?.title)).toEqual(['app_title']);
    });

    it('field errors, which the client shows as given, come in the caller’s language', async () => {
        const submitBad = async (user: typeof hans) => {
            const agent = new Agent(host, user._id as string);
            await agent.openContactCenter();
            await agent.press('cc-contact-new');
            expect(agent.view?.id).toBe('cc-contact-new');
            await agent.submit({ name: '', emails: 'x@@y', phones: '' });
            return agent.view?.errors;
        };
        expect(await submitBad(hans)).toEqual({ name: 'Geben Sie einen Namen ein.', emails: '„x@@y“ ist keine gültige E-Mail-Adresse.' });
        expect(await submitBad(joao)).toEqual({ name: 'Informe um nome.', emails: '“x@@y” não é um endereço de e-mail válido.' });
        expect(await submitBad(alice)).toEqual({ name: 'Enter a name.', emails: '“x@@y” is not a valid email address.' });
    });
});
