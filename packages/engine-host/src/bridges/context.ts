import type { Converters } from '../converters';
import type { HostApiBridge } from './ApiBridge';
import type { Store } from '../store/Store';
import type { JobQueue } from './SchedulerBridge';
import type { ViewTracker } from './views';

/** What every host bridge shares: the store, the converters and the host's recorders. */
export interface HostContext {
    store: Store;
    converters: Converters;
    views: ViewTracker;
    jobs: JobQueue;
    /** The host's clock; tests may replace it to move time for the scheduler and the 5-second trigger deadline. */
    now: () => Date;
    /** Ephemeral messages (notifyUser / notifyRoom) and mails the app sent, newest last. */
    outbox: OutboxEntry[];
    /** The app endpoints registered, routed like Rocket.Chat's express router. */
    api: HostApiBridge;
    /** The workspace has Rocket.Chat Enterprise's contact-id-verification module: verifyContact verifies and merges. */
    enterprise: boolean;
    /** Rocket.Chat fires IPostLivechatRoomClosed after any close, including one the app requested. */
    onLivechatRoomClosed: (roomId: string) => void;
}

export interface OutboxEntry {
    kind: 'notifyUser' | 'notifyRoom' | 'email';
    at: Date;
    to: string;
    payload: unknown;
}
