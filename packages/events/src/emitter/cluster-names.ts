// Where the gateways' Redis Streams adapter and every emitter meet: one stream for
// broadcasts (its entry ids are the offsets connection state recovery resumes from),
// one pub/sub channel prefix for server-side emits, one key prefix for parked sessions.
// Derived from REALTIME_ADAPTER_KEY so test runs and deployments never cross.

/** The adapter key of a default deployment (REALTIME_ADAPTER_KEY's default). */
export const DEFAULT_ADAPTER_KEY = 'socket.io';

/**
 * Entries kept in the broadcast stream (approximate trimming). A disconnected client
 * recovers only while its last offset is still in the stream, so this bounds how many
 * broadcasts may happen while it is away; swarm batches and tenant stats do not count
 * (they are pub/sub), chat, notifications and dashboard points do.
 */
export const REALTIME_STREAM_MAX_LENGTH = 50_000;

export interface RealtimeClusterNames {
  streamName: string;
  channelPrefix: string;
  sessionKeyPrefix: string;
}

export function realtimeClusterNames(adapterKey: string = DEFAULT_ADAPTER_KEY): RealtimeClusterNames {
  return {
    streamName: `${adapterKey}-stream`,
    channelPrefix: `${adapterKey}-cluster`,
    sessionKeyPrefix: `${adapterKey}-session:`,
  };
}
