// The IPC messages between the cluster primary and its workers, with type guards:
// the UDP secret at start, each second's live-event window, /metrics requests, what a
// worker's own flusher wrote (memory store), and the shutdown order.
import type { SwarmSnapshot } from '@swarmhost/tracker-core';
import type { EventWindow } from '../events/live-events';

/** One applied ledger batch, as counts: the primary's ledger metrics. */
export interface BatchSummary {
  readonly applied: boolean;
  readonly entries: number;
  readonly deadLetters: number;
  readonly clamped: number;
}

export type PrimaryMessage =
  | {
      readonly type: 'tracker:init';
      readonly udpSecret: string;
      readonly workerCount: number;
      /** This worker's slot (kept by its replacement) and every slot's shard socket (memory store). */
      readonly slot: number;
      readonly socketPaths: readonly string[];
    }
  | { readonly type: 'tracker:metrics'; readonly id: number; readonly text: string }
  | { readonly type: 'tracker:shutdown' };

export type WorkerMessage =
  | { readonly type: 'tracker:hello' }
  | { readonly type: 'tracker:events'; readonly window: EventWindow }
  | { readonly type: 'tracker:metrics-request'; readonly id: number }
  /** A memory-store worker's flusher: a batch it applied, swarms it reaped, or a complete flush. */
  | { readonly type: 'tracker:flushed'; readonly batch?: BatchSummary; readonly swarms: readonly SwarmSnapshot[]; readonly lastSuccessMs?: number }
  | { readonly type: 'tracker:ready'; readonly httpPort: number };

function hasType(message: unknown): message is { type: string } {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

export function isPrimaryMessage(message: unknown): message is PrimaryMessage {
  return hasType(message) && message.type.startsWith('tracker:');
}

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  return hasType(message) && message.type.startsWith('tracker:');
}
