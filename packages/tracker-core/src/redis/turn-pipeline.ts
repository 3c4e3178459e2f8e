// Sends the announce commands issued during one event-loop turn as ONE pipeline, from a
// setImmediate. ioredis' auto-pipelining flushes on process.nextTick, i.e. after every
// I/O callback, so with a new connection per announce each announce left in a write of
// its own and woke Redis once each; one write per turn measured +15 % new connections/s
// (apps/tracker/bench/README.md, "The floor of one Lua script per announce").
//
// Standalone Redis only: an ioredis Cluster refuses a pipeline whose keys span slots
// owned by different nodes, and one turn's announces touch many swarms (RedisStore keeps
// one call per command for a Cluster client).
import type { Redis } from 'ioredis';
import type { ScriptArgument, ScriptCommands } from './lua-script.js';

/** What announce() sends; every reply is settled one by one, by the client or a TurnPipeline. */
export interface AnnounceCommands extends ScriptCommands {
  sadd(key: string, member: string): Promise<unknown>;
  /** ZADD key GT score member. */
  zadd(key: string, mode: 'GT', score: number, member: string): Promise<unknown>;
}

type CommandName = 'evalshaBuffer' | 'evalBuffer' | 'sadd' | 'zadd';

interface QueuedCommand {
  readonly name: CommandName;
  readonly args: readonly (ScriptArgument | number)[];
  readonly resolve: (reply: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class TurnPipeline implements AnnounceCommands {
  private queued: QueuedCommand[] = [];

  constructor(private readonly redis: Pick<Redis, 'pipeline'>) {}

  evalshaBuffer(sha1: string, numkeys: number, ...args: ScriptArgument[]): Promise<unknown> {
    return this.queue('evalshaBuffer', [sha1, numkeys, ...args]);
  }

  evalBuffer(script: string, numkeys: number, ...args: ScriptArgument[]): Promise<unknown> {
    return this.queue('evalBuffer', [script, numkeys, ...args]);
  }

  sadd(key: string, member: string): Promise<unknown> {
    return this.queue('sadd', [key, member]);
  }

  zadd(key: string, mode: 'GT', score: number, member: string): Promise<unknown> {
    return this.queue('zadd', [key, mode, score, member]);
  }

  /**
   * The first command of a turn schedules the send; setImmediate runs after the poll
   * phase, so every request read in that phase has queued its commands by then.
   */
  private queue(name: CommandName, args: readonly (ScriptArgument | number)[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(this.send);
      this.queued.push({ name, args, resolve, reject });
    });
  }

  /** One pipeline; each caller gets its own reply or its own error, in the order queued. */
  private readonly send = (): void => {
    const batch = this.queued;
    this.queued = [];
    const pipeline = this.redis.pipeline(batch.map((command) => [command.name, ...command.args]));
    void pipeline.exec().then(
      (results) => {
        batch.forEach((command, position) => {
          const result = results?.[position];
          if (result === undefined) command.reject(new Error(`Redis pipeline: no reply for ${command.name}`));
          else if (result[0] !== null) command.reject(result[0]);
          else command.resolve(result[1]);
        });
      },
      (error: unknown) => {
        for (const command of batch) command.reject(error);
      },
    );
  };
}
