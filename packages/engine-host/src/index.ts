// Public surface of the engine host. README.md describes what it implements and how it mirrors Rocket.Chat.
export { EngineHost } from './EngineHost';
export type { StartOptions } from './EngineHost';
export { MemoryStore, randomId } from './store/MemoryStore';
export { Collections } from './store/Store';
export type { Collection, Doc, Field, FindOptions, Store } from './store/Store';
export type { MetricsSnapshot, BridgeCount } from './metrics';
export type { ShownView, ViewEvent } from './bridges/views';
export { TRIGGER_TIMEOUT_MS } from './bridges/views';
export type { JobRun } from './bridges/SchedulerBridge';
export { buildFixtureApp, packageApp, FIXTURE_ZIP } from './buildFixture';
export * from './factories';
export { FaultPlan, faultyStore, touchesAssociation } from './faults';
export type { FaultRule, InjectedFault, StoreOp } from './faults';
export { Cluster } from './cluster';
export type { RocketChatActions } from './rocketchat/actions';
export * as rocketChatStore from './rocketchat';
