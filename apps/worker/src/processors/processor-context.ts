// What every processor gets besides its payload: where live events go, and a logger.
import type { LiveEmitter } from '@swarmhost/events';
import type { Logger } from '@swarmhost/log';

export interface ProcessorContext {
  /** The gateways' emitter (@swarmhost/events/emitter), keyed like their adapter. */
  emitter: LiveEmitter;
  log: Logger;
}
