// Server-only entry (`@swarmhost/events/emitter`): publishing to the gateways through
// Redis. Kept apart from the main entry, which browsers import.
export { createEmitter, RealtimeBroadcast, RealtimeEmitter, type EmitterRedis, type RealtimeEmitterOptions } from './realtime-emitter';
export { DEFAULT_ADAPTER_KEY, REALTIME_STREAM_MAX_LENGTH, realtimeClusterNames, type RealtimeClusterNames } from './cluster-names';
