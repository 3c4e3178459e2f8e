// Runs a Lua script by its SHA1 (EVALSHA) with Buffer replies, so binary peer
// addresses survive; on NOSCRIPT (a restarted or failed-over Redis) it falls back to
// EVAL, which also puts the script back into the server's cache.
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * ioredis generates a Buffer-reply twin of every command at runtime (evalshaBuffer,
 * evalBuffer) but does not declare the scripting ones. They are used instead of
 * callBuffer because ioredis' auto-pipelining drops callBuffer's command name.
 */
interface BufferScripting {
  evalshaBuffer(sha1: string, numkeys: number, ...args: (string | Buffer)[]): Promise<unknown>;
  evalBuffer(script: string, numkeys: number, ...args: (string | Buffer)[]): Promise<unknown>;
}

function bufferScripting(redis: RedisClient): BufferScripting {
  return redis as unknown as BufferScripting;
}

export type RedisClient = Redis | Cluster;
export type ScriptArgument = string | Buffer;

export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA; rejects with the server's error, NOSCRIPT included. */
  evalsha(redis: RedisClient, keys: readonly string[], args: readonly ScriptArgument[]): Promise<unknown> {
    return bufferScripting(redis).evalshaBuffer(this.sha, keys.length, ...keys, ...args);
  }

  eval(redis: RedisClient, keys: readonly string[], args: readonly ScriptArgument[]): Promise<unknown> {
    return bufferScripting(redis).evalBuffer(this.source, keys.length, ...keys, ...args);
  }

  async run(redis: RedisClient, keys: readonly string[], args: readonly ScriptArgument[]): Promise<unknown> {
    try {
      return await this.evalsha(redis, keys, args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return this.eval(redis, keys, args);
    }
  }
}

export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** Narrowing helpers for script replies (integers arrive as numbers, bulk strings as Buffers). */
export function replyArray(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw new Error(`${what}: expected an array reply from Redis`);
  return reply as unknown[];
}

export function replyNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new Error(`${what}: expected an integer reply from Redis`);
  return value;
}

export function replyBuffer(value: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(value)) throw new Error(`${what}: expected a bulk string reply from Redis`);
  return value;
}
