import { AppBridges } from '@rocket.chat/apps-engine/server/bridges';

import { countingBridge, Metrics } from '../metrics';
import { HostContactBridge } from './ContactBridge';
import type { HostContext } from './context';
import { HostLivechatBridge } from './LivechatBridge';
import { HostMessageBridge } from './MessageBridge';
import * as minimal from './minimal';
import { HostPersistenceBridge } from './PersistenceBridge';
import { HostRoomBridge } from './RoomBridge';
import { HostSchedulerBridge } from './SchedulerBridge';
import { HostAppDetailChangesBridge, HostServerSettingBridge } from './SettingBridges';
import { HostUiInteractionBridge } from './UiInteractionBridge';
import { HostUserBridge } from './UserBridge';

/** Every bridge the engine asks for, each wrapped so its do* calls are counted under a short area name. */
export class HostBridges extends AppBridges {
    private readonly b;

    constructor(ctx: HostContext, metrics: Metrics) {
        super();
        const count = <T extends object>(bridge: T, area: string) => countingBridge(bridge, area, metrics);
        this.b = {
            command: count(new minimal.HostCommandBridge(), 'command'),
            contact: count(new HostContactBridge(ctx), 'contact'),
            api: count(ctx.api, 'api'),
            appDetailChanges: count(new HostAppDetailChangesBridge(), 'appDetailChanges'),
            env: count(new minimal.HostEnvironmentalVariableBridge(), 'env'),
            http: count(new minimal.HostHttpBridge(), 'http'),
            listener: minimal.listenerBridge,
            livechat: count(new HostLivechatBridge(ctx), 'livechat'),
            message: count(new HostMessageBridge(ctx), 'message'),
            persistence: count(new HostPersistenceBridge(ctx), 'persistence'),
            activation: count(new minimal.HostAppActivationBridge(), 'activation'),
            room: count(new HostRoomBridge(ctx), 'room'),
            internal: minimal.internalBridge(ctx),
            federation: minimal.federationBridge,
            serverSetting: count(new HostServerSettingBridge(ctx), 'serverSetting'),
            upload: count(new minimal.HostUploadBridge(), 'upload'),
            email: count(new minimal.HostEmailBridge(ctx), 'email'),
            user: count(new HostUserBridge(ctx), 'user'),
            ui: count(new HostUiInteractionBridge(ctx), 'ui'),
            scheduler: count(new HostSchedulerBridge(ctx), 'scheduler'),
            cloud: count(new minimal.HostCloudWorkspaceBridge(), 'cloud'),
            video: count(new minimal.HostVideoConferenceBridge(), 'videoConference'),
            oauth: count(new minimal.HostOAuthAppsBridge(), 'oauthApps'),
            moderation: count(new minimal.HostModerationBridge(), 'moderation'),
            thread: count(new minimal.HostThreadBridge(ctx), 'thread'),
            role: count(new minimal.HostRoleBridge(ctx), 'role'),
            outbound: count(new minimal.HostOutboundMessageBridge(), 'outbound'),
            experimental: new minimal.HostExperimentalBridge(),
        };
    }

    getCommandBridge = () => this.b.command;
    getContactBridge = () => this.b.contact;
    getApiBridge = () => this.b.api;
    getAppDetailChangesBridge = () => this.b.appDetailChanges;
    getEnvironmentalVariableBridge = () => this.b.env;
    getHttpBridge = () => this.b.http;
    getListenerBridge = () => this.b.listener;
    getLivechatBridge = () => this.b.livechat;
    getMessageBridge = () => this.b.message;
    getPersistenceBridge = () => this.b.persistence;
    getAppActivationBridge = () => this.b.activation;
    getRoomBridge = () => this.b.room;
    getInternalBridge = () => this.b.internal;
    getInternalFederationBridge = () => this.b.federation;
    getServerSettingBridge = () => this.b.serverSetting;
    getUploadBridge = () => this.b.upload;
    getEmailBridge = () => this.b.email;
    getUserBridge = () => this.b.user;
    getUiInteractionBridge = () => this.b.ui;
    getSchedulerBridge = () => this.b.scheduler;
    getCloudWorkspaceBridge = () => this.b.cloud;
    getVideoConferenceBridge = () => this.b.video;
    getOAuthAppsBridge = () => this.b.oauth;
    getModerationBridge = () => this.b.moderation;
    getThreadBridge = () => this.b.thread;
    getRoleBridge = () => this.b.role;
    getOutboundMessageBridge = () => this.b.outbound;
    getExperimentalBridge = () => this.b.experimental;
}
