// Live side effects of the site's writes (notifications, chat system messages) go out
// through the process's @socket.io/redis-emitter after the write committed. They are
// best-effort: a failure is logged and never fails the action that triggered it.
import type { ApiServices } from './context';
import type { LiveEmitter } from '@swarmhost/events';

export async function publishLive(
  services: Pick<ApiServices, 'liveEmitter'>,
  what: string,
  publish: (emitter: LiveEmitter) => Promise<unknown>,
): Promise<void> {
  const emitter = services.liveEmitter;
  if (!emitter) return;
  try {
    await publish(emitter);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'live publish failed', what, error: error instanceof Error ? error.message : String(error) }));
  }
}
