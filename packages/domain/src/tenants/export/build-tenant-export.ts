// The worker's half of an export: claim the oldest waiting export (or one whose worker
// stopped answering), write its archive as a gzipped tar into tenant_export_chunks, and
// mark it ready for 24 hours. Chunks are inserted as they fill, so memory stays at one
// page plus one chunk; a retried export deletes its earlier chunks and starts over.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { DbClient } from '@swarmhost/db';
import { exportArchive, countExportRows } from './archive-stream';

export const EXPORT_CHUNK_BYTES = 1024 * 1024;
export const EXPORT_VALID_MS = 24 * 3600 * 1000;
/** A running export whose heartbeat is older than this is taken over by another worker. */
export const EXPORT_STALE_MS = 5 * 60 * 1000;

export interface BuildExportOptions {
  db: DbClient;
  now: () => Date;
}

interface ClaimedExport {
  id: string;
  tenant_id: string;
}

async function claimExport(options: BuildExportOptions): Promise<ClaimedExport | undefined> {
  const now = options.now();
  const rows = await options.db.$queryRawUnsafe<ClaimedExport[]>(
    `UPDATE tenant_exports SET status = 'running', started_at = $1, heartbeat_at = $1, rows_done = 0, byte_size = 0, stage = 'starting', error = NULL
      WHERE id = (SELECT id FROM tenant_exports
                   WHERE status = 'pending' OR (status = 'running' AND heartbeat_at < $2)
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id, tenant_id::text AS tenant_id`,
    now,
    new Date(now.getTime() - EXPORT_STALE_MS),
  );
  return rows[0];
}

/** Collects the gzip output into chunk rows of EXPORT_CHUNK_BYTES. */
function chunkSink(options: BuildExportOptions, claimed: ClaimedExport, totals: { bytes: number }): Writable {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await options.db.tenantExportChunk.create({ data: { exportId: claimed.id, tenantId: claimed.tenant_id, seq, data: new Uint8Array(data) } });
    seq += 1;
  };
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      totals.bytes += chunk.length;
      if (pendingBytes < EXPORT_CHUNK_BYTES) return callback();
      flush().then(() => callback(), callback);
    },
    final(callback) {
      flush().then(() => callback(), callback);
    },
  });
}

/** Builds one export if any waits; returns its id, or undefined when there was none. */
export async function buildNextTenantExport(options: BuildExportOptions): Promise<{ exportId: string; status: 'ready' | 'failed' } | undefined> {
  const claimed = await claimExport(options);
  if (!claimed) return undefined;
  const { db } = options;
  await db.tenantExportChunk.deleteMany({ where: { exportId: claimed.id } });
  const rowsTotal = await countExportRows(db, claimed.tenant_id);
  await db.tenantExport.update({ where: { id: claimed.id }, data: { rowsTotal } });
  const totals = { bytes: 0 };
  try {
    const archive = exportArchive({
      db,
      tenantId: claimed.tenant_id,
      modified: options.now(),
      async onProgress(progress) {
        const updated = await db.tenantExport.updateMany({
          where: { id: claimed.id, status: 'running' },
          data: { rowsDone: Math.min(progress.rowsDone, rowsTotal), stage: progress.stage, heartbeatAt: options.now(), byteSize: totals.bytes },
        });
        if (updated.count === 0) throw new Error('the export was withdrawn while it was written');
      },
    });
    await pipeline(Readable.from(archive), createGzip({ level: 6 }), chunkSink(options, claimed, totals));
    const finishedAt = options.now();
    await db.tenantExport.update({
      where: { id: claimed.id },
      data: { status: 'ready', stage: 'done', rowsDone: rowsTotal, byteSize: totals.bytes, finishedAt, expiresAt: new Date(finishedAt.getTime() + EXPORT_VALID_MS) },
    });
    return { exportId: claimed.id, status: 'ready' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.tenantExportChunk.deleteMany({ where: { exportId: claimed.id } });
    await db.tenantExport.updateMany({ where: { id: claimed.id }, data: { status: 'failed', error: message.slice(0, 500), finishedAt: options.now() } });
    return { exportId: claimed.id, status: 'failed' };
  }
}

/** Removes the archives of exports past their 24 hours; their rows stay, marked expired. */
export async function expireTenantExports(options: BuildExportOptions): Promise<number> {
  const expired = await options.db.tenantExport.findMany({ where: { status: 'ready', expiresAt: { lte: options.now() } }, select: { id: true } });
  for (const { id } of expired) {
    await options.db.$transaction([
      options.db.tenantExportChunk.deleteMany({ where: { exportId: id } }),
      options.db.tenantExport.update({ where: { id }, data: { status: 'expired', downloadTokenHash: null } }),
    ]);
  }
  return expired.length;
}
