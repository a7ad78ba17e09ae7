// Bridges the engine requires but the Contact Center does not exercise. They answer like an idle workspace
// (nothing found, nothing registered) instead of throwing, except where a real call would have an effect the
// test host cannot produce (HTTP, uploads, video calls): those fail loudly so a test never passes by accident.
import { generateKeyPairSync } from 'crypto';

import {
    AppActivationBridge,
    CloudWorkspaceBridge,
    CommandBridge,
    EmailBridge,
    EnvironmentalVariableBridge,
    ExperimentalBridge,
    HttpBridge,
    IInternalBridge,
    IInternalFederationBridge,
    IListenerBridge,
    ModerationBridge,
    OutboundMessageBridge,
    RoleBridge,
    UploadBridge,
    VideoConferenceBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import { OAuthAppsBridge } from '@rocket.chat/apps-engine/server/bridges/OAuthAppsBridge';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';

import { Collections, Field } from '../store/Store';
import type { HostContext } from './context';

const unsupported = (what: string) => async (): Promise<never> => {
    throw new Error(`${what} is not available in the test host`);
};
const nothing = async (): Promise<Field> => undefined;

export class HostCommandBridge extends CommandBridge {
    protected doesCommandExist = async () => false;
    protected enableCommand = nothing;
    protected disableCommand = nothing;
    protected modifyCommand = nothing;
    protected registerCommand = nothing;
    protected unregisterCommand = nothing;
}

export class HostAppActivationBridge extends AppActivationBridge {
    protected appAdded = nothing;
    protected appUpdated = nothing;
    protected appRemoved = nothing;
    protected appStatusChanged = nothing;
    protected actionsChanged = nothing;
}

export class HostEmailBridge extends EmailBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected sendEmail = async (email: Field): Promise<void> => {
        this.ctx.outbox.push({ kind: 'email', at: this.ctx.now(), to: [].concat(email.to).join(','), payload: email });
    };
}

/** Rocket.Chat lets apps read only these environment variables. */
const READABLE_ENV = ['NODE_ENV', 'ROOT_URL', 'INSTANCE_IP'];

export class HostEnvironmentalVariableBridge extends EnvironmentalVariableBridge {
    protected getValueByName = async (name: string) => (READABLE_ENV.includes(name) ? process.env[name] : undefined);
    protected isReadable = async (name: string) => READABLE_ENV.includes(name.toUpperCase());
    protected isSet = async (name: string) => READABLE_ENV.includes(name) && process.env[name] !== undefined;
}

export class HostHttpBridge extends HttpBridge {
    protected call = unsupported('Outgoing HTTP');
}

export class HostUploadBridge extends UploadBridge {
    protected getById = nothing;
    protected getBuffer = unsupported('Upload download');
    protected createUpload = unsupported('Upload creation');
}

export class HostCloudWorkspaceBridge extends CloudWorkspaceBridge {
    protected getWorkspaceToken = async () => ({ token: '', expiresAt: new Date(0) });
}

export class HostVideoConferenceBridge extends VideoConferenceBridge {
    protected create = unsupported('Video conference');
    protected getById = unsupported('Video conference');
    protected update = unsupported('Video conference');
    protected registerProvider = nothing;
    protected unRegisterProvider = nothing;
}

export class HostOAuthAppsBridge extends OAuthAppsBridge {
    protected create = unsupported('OAuth apps');
    protected getById = async () => null;
    protected getByName = async () => [];
    protected update = unsupported('OAuth apps');
    protected delete = nothing;
    protected purge = nothing;
}

export class HostModerationBridge extends ModerationBridge {
    protected report = nothing;
    protected dismissReportsByMessageId = nothing;
    protected dismissReportsByUserId = nothing;
}

export class HostThreadBridge extends ThreadBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected getById = async (messageId: string): Promise<Field[]> => {
        const docs = await this.ctx.store.collection(Collections.messages).find({ tmid: messageId }, { sort: { ts: 1 } });
        return Promise.all(docs.map((d) => this.ctx.converters.message(d)));
    };
}

export class HostRoleBridge extends RoleBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private toRole = (d: Field) =>
        d && { id: d._id, name: d.name, description: d.description ?? '', protected: !!d.protected, scope: d.scope ?? 'Users' };

    protected getOneByIdOrName = async (idOrName: string) =>
        this.toRole(await this.ctx.store.collection(Collections.roles).findOne({ $or: [{ _id: idOrName }, { name: idOrName }] })) ?? null;

    protected getCustomRoles = async () =>
        (await this.ctx.store.collection(Collections.roles).find({ protected: { $ne: true } })).map(this.toRole);
}

export class HostOutboundMessageBridge extends OutboundMessageBridge {
    protected registerPhoneProvider = nothing;
    protected registerEmailProvider = nothing;
    protected unRegisterProvider = nothing;
}

export class HostExperimentalBridge extends ExperimentalBridge {}

export const listenerBridge: IListenerBridge = {
    messageEvent: nothing,
    roomEvent: nothing,
    uiKitInteractionEvent: nothing,
};

export function internalBridge(ctx: HostContext): IInternalBridge {
    const usernames = async (roomId: string) => (await ctx.store.collection(Collections.rooms).findOne({ _id: roomId }))?.usernames ?? [];
    return {
        doGetUsernamesOfRoomById: usernames,
        doGetUsernamesOfRoomByIdSync: () => [],
        doGetWorkspacePublicKey: async () => ({ id: 'Cloud_Workspace_PublicKey', value: '' }) as Field,
    };
}

// The engine signs every installed app; one key pair per test process is enough.
let keys: { privateKey: string; publicKey: string } | undefined;
export const federationBridge: IInternalFederationBridge = {
    getPrivateKey: async () => (keys ??= makeKeys()).privateKey,
    getPublicKey: async () => (keys ??= makeKeys()).publicKey,
};

function makeKeys() {
    return generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
}
