// A recovered session replays every stream entry after the client's offset. A client far
// behind (an idle page through a busy hour) would make its gateway read thousands of
// entries, and a drained gateway's clients all come back at once; past `maxMissed`
// broadcasts since its offset a client starts a fresh session instead (its page
// re-follows its rooms and catches chat up by cursor, as after a gateway crash).
import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';

type Adapter = Namespace['adapter'];

export const MAX_MISSED_BROADCASTS = 1000;

const OFFSET = /^[0-9]+-[0-9]+$/;

export function boundRecovery<Factory extends (nsp: never) => Adapter>(
  factory: Factory,
  options: { redis: Redis; streamName: string; maxMissed?: number },
): Factory {
  const maxMissed = options.maxMissed ?? MAX_MISSED_BROADCASTS;
  // socket.io calls the factory with `new`: a plain function that returns the adapter.
  function bounded(nsp: Parameters<Factory>[0]): Adapter {
    const adapter = factory(nsp);
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      if (OFFSET.test(offset)) {
        const missed = await options.redis.xrange(options.streamName, `(${offset}`, '+', 'COUNT', maxMissed + 1);
        if (missed.length > maxMissed) throw new Error(`more than ${maxMissed} broadcasts since the client's offset; starting a fresh session`);
      }
      return restore(pid, offset);
    };
    return adapter;
  }
  return bounded as Factory;
}
