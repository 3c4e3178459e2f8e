// Test helpers: remove only the keys a test created under its random prefix, and see
// how commands were grouped into pipelines.
import type { Redis } from 'ioredis';

export async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** The commands a test saw leave through `pipeline()`, and any sent straight on the client. */
export interface RecordedPipelines {
  /** Use in place of the real client. */
  readonly client: Redis;
  /** Command names of each pipeline sent, in order. */
  readonly pipelines: string[][];
  /** Announce commands called on the client itself, outside any pipeline. */
  readonly direct: string[];
  /**
   * Empties Redis' script cache inside the next pipeline, just before its script call
   * number `scriptCall` (0-based): the scripts before it run, the ones after it get
   * NOSCRIPT, with no other client able to reload the script in between.
   */
  flushScriptsInNextPipeline(scriptCall: number): void;
}

const ANNOUNCE_COMMANDS = new Set(['evalshaBuffer', 'evalBuffer', 'sadd', 'zadd']);

export function recordPipelines(redis: Redis): RecordedPipelines {
  const pipelines: string[][] = [];
  const direct: string[] = [];
  let flushBeforeScriptCall: number | undefined;

  const pipeline = (commands: unknown[][] = []): unknown => {
    pipelines.push(commands.map((command) => String(command[0])));
    if (flushBeforeScriptCall === undefined) return redis.pipeline(commands);
    const scriptPositions = commands.flatMap((command, position) => (command[0] === 'evalshaBuffer' ? [position] : []));
    const flushAt = scriptPositions[flushBeforeScriptCall] ?? commands.length;
    flushBeforeScriptCall = undefined;
    const sent = redis.pipeline([...commands.slice(0, flushAt), ['script', 'FLUSH'], ...commands.slice(flushAt)]);
    // The caller asked for its own commands only: hide the FLUSH's reply again.
    return { exec: async () => (await sent.exec())?.filter((_, position) => position !== flushAt) ?? null };
  };

  const client = new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'pipeline') return pipeline;
      if (typeof property === 'string' && ANNOUNCE_COMMANDS.has(property)) direct.push(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return {
    client,
    pipelines,
    direct,
    flushScriptsInNextPipeline(scriptCall) {
      flushBeforeScriptCall = scriptCall;
    },
  };
}
