// The console's half of an export: ask for one (one at a time per tenant), list them
// with their progress, get a download link for a ready one, and open that link. The
// link carries a random token whose SHA-256 is stored; asking again replaces it. Links
// work until the export expires, 24 hours after it was built (the clock is injected).
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../../errors';

export interface TenantRef {
  id: string;
  slug: string;
}

export interface ExportSummary {
  id: string;
  status: 'pending' | 'running' | 'ready' | 'failed' | 'expired';
  stage: string;
  rowsDone: number;
  rowsTotal: number;
  byteSize: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
}

export async function requestTenantExport(options: { db: DbClient; tenant: TenantRef; operatorId: string }): Promise<ExportSummary> {
  const created = await options.db.$transaction(async (tx) => {
    // One export at a time per tenant: the row lock orders two clicks that cross.
    await tx.$queryRaw`SELECT id FROM tenants WHERE id = ${options.tenant.id}::uuid FOR UPDATE`;
    const busy = await tx.tenantExport.findFirst({ where: { tenantId: options.tenant.id, status: { in: ['pending', 'running'] } }, select: { id: true } });
    if (busy) throw new AppError('CONFLICT', `an export of ${options.tenant.slug} is already being built; wait for it to finish`);
    const row = await tx.tenantExport.create({ data: { tenantId: options.tenant.id, requestedByOperatorId: options.operatorId } });
    await tx.auditLog.create({
      data: { tenantId: options.tenant.id, actorOperatorId: options.operatorId, action: 'tenant.export.request', targetType: 'tenant', targetId: options.tenant.id, details: { exportId: row.id } },
    });
    return row;
  });
  return summarise(created);
}

type ExportRow = Awaited<ReturnType<DbClient['tenantExport']['create']>>;

function summarise(row: ExportRow): ExportSummary {
  return {
    id: row.id,
    status: row.status,
    stage: row.stage,
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    byteSize: Number(row.byteSize),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** The tenant's latest exports, newest first. */
export async function listTenantExports(options: { db: DbClient; tenantId: string }): Promise<ExportSummary[]> {
  const rows = await options.db.tenantExport.findMany({ where: { tenantId: options.tenantId }, orderBy: { createdAt: 'desc' }, take: 10 });
  return rows.map(summarise);
}

/** A fresh download token for a ready export; the path to open is `/console/exports/<token>`-style, built by the caller. */
export async function createExportDownloadToken(options: { db: DbClient; tenantId: string; exportId: string; now: Date }): Promise<{ token: string; expiresAt: string }> {
  const row = await options.db.tenantExport.findFirst({ where: { id: options.exportId, tenantId: options.tenantId }, select: { status: true, expiresAt: true } });
  if (!row) throw new AppError('NOT_FOUND', 'no such export of this community');
  if (row.status !== 'ready' || !row.expiresAt || row.expiresAt <= options.now) {
    throw new AppError('BAD_REQUEST', row.status === 'ready' || row.status === 'expired' ? 'this export has expired (exports are kept 24 hours); ask for a new one' : 'this export is not ready yet; wait until it shows as ready');
  }
  const token = newToken();
  await options.db.tenantExport.update({ where: { id: options.exportId }, data: { downloadTokenHash: hashToken(token) } });
  return { token, expiresAt: row.expiresAt.toISOString() };
}

export interface OpenedExport {
  fileName: string;
  byteSize: number;
  /** The archive's bytes, read a few chunks at a time. */
  chunks: AsyncIterable<Uint8Array>;
}

const CHUNKS_PER_READ = 4;

export async function openExportDownload(options: { db: DbClient; token: string; now: Date }): Promise<OpenedExport> {
  const row = await options.db.tenantExport.findUnique({
    where: { downloadTokenHash: hashToken(options.token) },
    select: { id: true, status: true, expiresAt: true, byteSize: true, finishedAt: true, tenant: { select: { slug: true } } },
  });
  if (!row) throw new AppError('NOT_FOUND', 'this download link is not valid (a newer link replaces an older one); ask for a new link in the console');
  if (row.status !== 'ready' || !row.expiresAt || row.expiresAt <= options.now) {
    throw new AppError('NOT_FOUND', 'this download link has expired (exports are kept 24 hours); ask for a new export in the console');
  }
  const { db } = options;
  const exportId = row.id;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let seq = 0; ; seq += CHUNKS_PER_READ) {
      const page = await db.tenantExportChunk.findMany({ where: { exportId, seq: { gte: seq, lt: seq + CHUNKS_PER_READ } }, orderBy: { seq: 'asc' }, select: { data: true } });
      for (const chunk of page) yield chunk.data;
      if (page.length < CHUNKS_PER_READ) return;
    }
  }
  const day = (row.finishedAt ?? options.now).toISOString().slice(0, 10);
  return { fileName: `${row.tenant.slug}-export-${day}.tar.gz`, byteSize: Number(row.byteSize), chunks: chunks() };
}
