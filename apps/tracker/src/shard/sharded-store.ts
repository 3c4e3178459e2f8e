// Swarms sharded over the pool's workers (issue 10): each swarm (tenant, info hash) has
// one owner worker, a stable hash modulo the worker count. A worker's ShardedStore
// serves its own swarms from its MemoryStore and forwards the others' announces,
// scrapes and group commits to their owner over the owner's Unix-domain socket, in the
// binary frames of frames.ts; everything one event-loop turn sends to a worker leaves
// in one write, and the owner answers a turn's requests in one write too. With one
// worker nothing is forwarded. Ledger drains and reaping stay local: each worker
// flushes its own swarms.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { unlinkSync } from 'node:fs';
import type {
  BeginDrainInput,
  DrainBatch,
  MemoryStore,
  ReapInput,
  ReapResult,
  ScrapeInput,
  StoreAnnounceInput,
  StoreAnnounceResult,
  SwarmCounts,
  SwarmStore,
} from '@swarmhost/tracker-core';
import type { Logger } from '../log';
import {
  decodeAnnounce,
  decodeAnnounceAnswer,
  decodeError,
  decodeScrape,
  decodeScrapeAnswer,
  encodeAnnounce,
  encodeAnnounceAnswer,
  encodeEmpty,
  encodeError,
  encodeScrape,
  encodeScrapeAnswer,
  FrameKind,
  FrameSplitter,
  type Frame,
} from './frames';

/** FNV-1a (32-bit) of "<tenant id>:<info hash>" modulo `workers`: the same on every worker and across restarts. */
export function ownerOf(tenantId: string, infoHash: string, workers: number): number {
  let hash = 0x811c9dc5;
  const key = `${tenantId}:${infoHash}`;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % workers;
}

/** A forwarded request that got no answer in this long fails (the owner is restarting or stuck). */
const REQUEST_TIMEOUT_MS = 5000;

/** Frames queued for one socket and written together at the end of the event-loop turn. */
class Batcher {
  private queued: Buffer[] = [];
  private scheduled = false;
  constructor(private readonly write: (bytes: Buffer) => void) {}

  send(frame: Buffer): void {
    this.queued.push(frame);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const frames = this.queued;
      this.queued = [];
      this.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    });
  }
}

interface Pending {
  readonly resolve: (frame: Frame) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * This worker's connection to one owner: requests out, answers matched back by id.
 * While the owner is not listening (the pool is starting, or the primary is restarting
 * that worker) requests wait and the connection is retried every 100 ms, until each
 * request's timeout; a connection lost after requests were written fails those
 * requests (the owner may have applied them: they are never sent twice).
 */
class OwnerLink {
  private socket: Socket | undefined;
  private connected = false;
  /** Frames waiting for the connection. */
  private unsent: Buffer[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private readonly batcher = new Batcher((bytes) => {
    if (this.connected && this.socket !== undefined) this.socket.write(bytes);
    else this.unsent.push(bytes);
  });

  constructor(
    private readonly path: string,
    private readonly slot: number,
  ) {}

  private connect(): void {
    if (this.socket !== undefined || this.closed) return;
    const socket = createConnection(this.path);
    this.socket = socket;
    const splitter = new FrameSplitter();
    socket.on('connect', () => {
      this.connected = true;
      const unsent = this.unsent;
      this.unsent = [];
      if (unsent.length > 0) socket.write(Buffer.concat(unsent));
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = splitter.push(chunk);
      } catch (error) {
        socket.destroy(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      for (const frame of frames) {
        const waiting = this.pending.get(frame.id);
        if (waiting === undefined) continue;
        this.pending.delete(frame.id);
        clearTimeout(waiting.timer);
        waiting.resolve(frame);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const wasConnected = this.connected;
      this.socket = undefined;
      this.connected = false;
      if (wasConnected) {
        // Whatever was written may have been applied: fail it, never resend it.
        const reason = new Error(`lost the connection to worker ${this.slot} (owner of the swarm)`);
        for (const [id, waiting] of this.pending) {
          clearTimeout(waiting.timer);
          waiting.reject(reason);
          this.pending.delete(id);
        }
        this.unsent = [];
      } else if (this.pending.size > 0) {
        // Never connected: nothing was delivered; try again shortly.
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          if (this.pending.size > 0) this.connect();
          else this.unsent = [];
        }, 100);
      }
    });
  }

  request(encode: (id: number) => Buffer): Promise<Frame> {
    this.nextId = (this.nextId + 1) >>> 0;
    const id = this.nextId;
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(id)) reject(new Error(`worker ${this.slot} (owner of the swarm) did not answer within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      if (this.retryTimer === undefined) this.connect();
      this.batcher.send(encode(id));
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
  }
}

function answerOf(frame: Frame, expected: FrameKind): Buffer {
  if (frame.kind === FrameKind.error) throw new Error(`owner worker failed: ${decodeError(frame.payload)}`);
  if (frame.kind !== expected) throw new Error(`owner worker answered frame kind ${frame.kind}, expected ${expected}`);
  return frame.payload;
}

export interface ShardedStoreOptions {
  /** This worker's slot, 0 … workers − 1. */
  readonly slot: number;
  /** The Unix-domain socket of each slot's worker. */
  readonly socketPaths: readonly string[];
  readonly local: MemoryStore;
  /** This worker's group commit (flush) of its own swarms. */
  readonly commit: () => Promise<unknown>;
  readonly log: Logger;
  /** Called for each request sent to another worker. */
  readonly onForward?: (kind: 'announce' | 'scrape' | 'commit') => void;
}

export class ShardedStore implements SwarmStore {
  private readonly links = new Map<number, OwnerLink>();
  private server: Server | undefined;
  private readonly workers: number;

  constructor(private readonly options: ShardedStoreOptions) {
    this.workers = options.socketPaths.length;
    if (options.slot < 0 || options.slot >= this.workers) throw new Error(`worker slot ${options.slot} is outside 0-${this.workers - 1}`);
  }

  /** Whether this worker owns the swarm (tenant, info hash). */
  owns(tenantId: string, infoHash: string): boolean {
    return ownerOf(tenantId, infoHash, this.workers) === this.options.slot;
  }

  private link(slot: number): OwnerLink {
    let link = this.links.get(slot);
    if (link === undefined) {
      link = new OwnerLink(this.options.socketPaths[slot]!, slot);
      this.links.set(slot, link);
    }
    return link;
  }

  async announce(input: StoreAnnounceInput): Promise<StoreAnnounceResult> {
    const owner = ownerOf(input.tenantId, input.infoHash, this.workers);
    if (owner === this.options.slot) return this.options.local.announce(input);
    this.options.onForward?.('announce');
    const frame = await this.link(owner).request((id) => encodeAnnounce(id, input));
    return decodeAnnounceAnswer(answerOf(frame, FrameKind.announceAnswer));
  }

  /** Counts per requested hash: each owner is asked once for its hashes. */
  async scrape(input: ScrapeInput): Promise<Map<string, SwarmCounts>> {
    const byOwner = new Map<number, string[]>();
    for (const infoHash of input.infoHashes) {
      const owner = ownerOf(input.tenantId, infoHash, this.workers);
      const hashes = byOwner.get(owner) ?? [];
      hashes.push(infoHash);
      byOwner.set(owner, hashes);
    }
    const parts = await Promise.all(
      [...byOwner].map(async ([owner, infoHashes]) => {
        const part = { ...input, infoHashes };
        if (owner === this.options.slot) return this.options.local.scrape(part);
        this.options.onForward?.('scrape');
        const frame = await this.link(owner).request((id) => encodeScrape(id, part));
        return decodeScrapeAnswer(answerOf(frame, FrameKind.scrapeAnswer));
      }),
    );
    const merged = new Map<string, SwarmCounts>();
    for (const infoHash of input.infoHashes) {
      for (const part of parts) {
        const counts = part.get(infoHash);
        if (counts !== undefined) merged.set(infoHash, counts);
      }
    }
    return merged;
  }

  /** Makes what the swarm's owner booked durable (its group commit), here or over its socket. */
  async durable(tenantId: string, infoHash: string): Promise<void> {
    const owner = ownerOf(tenantId, infoHash, this.workers);
    if (owner === this.options.slot) {
      await this.options.commit();
      return;
    }
    this.options.onForward?.('commit');
    const frame = await this.link(owner).request((id) => encodeEmpty(FrameKind.commit, id));
    answerOf(frame, FrameKind.commitAnswer);
  }

  reapStale(input: ReapInput): Promise<ReapResult> {
    return this.options.local.reapStale(input);
  }

  beginDrain(input: BeginDrainInput): Promise<DrainBatch> {
    return this.options.local.beginDrain(input);
  }

  completeDrain(batchId: string): Promise<void> {
    return this.options.local.completeDrain(batchId);
  }

  pendingDrains(nowMs: number): Promise<DrainBatch[]> {
    return this.options.local.pendingDrains(nowMs);
  }

  /** Serves the other workers' requests for this worker's swarms on its socket. */
  async listen(): Promise<void> {
    const path = this.options.socketPaths[this.options.slot]!;
    try {
      unlinkSync(path); // left by this slot's previous worker
    } catch {
      // none
    }
    const server = createServer((socket) => this.serve(socket));
    server.on('error', (error) => this.options.log.error('shard socket error', { error, path }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  private serve(socket: Socket): void {
    const splitter = new FrameSplitter();
    const answers = new Batcher((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = splitter.push(chunk);
      } catch (error) {
        this.options.log.error('malformed shard frame; closing the connection', { error });
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        this.answer(frame).then(
          (answer) => answers.send(answer),
          (error: unknown) => answers.send(encodeError(frame.id, error instanceof Error ? error.message : String(error))),
        );
      }
    });
  }

  private async answer(frame: Frame): Promise<Buffer> {
    switch (frame.kind) {
      case FrameKind.announce:
        return encodeAnnounceAnswer(frame.id, await this.options.local.announce(decodeAnnounce(frame.payload)));
      case FrameKind.scrape:
        return encodeScrapeAnswer(frame.id, await this.options.local.scrape(decodeScrape(frame.payload)));
      case FrameKind.commit:
        await this.options.commit();
        return encodeEmpty(FrameKind.commitAnswer, frame.id);
      default:
        throw new Error(`frame kind ${frame.kind} is not a request`);
    }
  }

  async close(): Promise<void> {
    for (const link of this.links.values()) link.close();
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
