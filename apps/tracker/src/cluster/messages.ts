// The IPC messages between the cluster primary and its workers, with type guards:
// the UDP secret at start, each second's live-event window, /metrics requests, and
// the shutdown order.
import type { EventWindow } from '../events/live-events';

export type PrimaryMessage =
  | { readonly type: 'tracker:init'; readonly udpSecret: string; readonly workerCount: number }
  | { readonly type: 'tracker:metrics'; readonly id: number; readonly text: string }
  | { readonly type: 'tracker:shutdown' };

export type WorkerMessage =
  | { readonly type: 'tracker:hello' }
  | { readonly type: 'tracker:events'; readonly window: EventWindow }
  | { readonly type: 'tracker:metrics-request'; readonly id: number }
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
