// What every processor gets besides its payload: where live events go, and a logger.
import type { LiveEmitter } from '@swarmhost/events';
import type { Logger } from '@swarmhost/log';

export interface ProcessorContext {
  /** @socket.io/redis-emitter keyed like the gateways' adapter. */
  emitter: LiveEmitter;
  log: Logger;
}
