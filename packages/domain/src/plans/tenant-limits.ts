// A tenant's limits: its plan's, with any exception a platform admin stored for this
// tenant alone in tenants.plan_limits (the tracker merges the two the same way).
import { parsePlanLimits, type DbClient, type DbTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

export interface TenantLimits {
  planId: string;
  planName: string;
  priceLabel: string;
  maxMembers: number;
  maxTorrents: number;
  announcesPerSecond: number;
  searchesPerSecond: number;
  maxTorrentFileBytes: number;
  /** null: the plan sets no limit on a torrent's content. */
  maxContentBytes: number | null;
}

/** The keys of `json` that are valid limits; a broken blob grants no exception. */
function exceptions(json: unknown): Partial<Record<'maxMembers' | 'maxTorrents' | 'announcesPerSecond' | 'searchesPerSecond', number>> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  try {
    const parsed = parsePlanLimits(json);
    return Object.fromEntries(Object.entries(parsed).filter(([key]) => key in json));
  } catch {
    return {};
  }
}

type Reader = Pick<DbClient, 'tenant'> | Pick<DbTransaction, 'tenant'>;

export async function readTenantLimits(db: Reader, tenantId: string): Promise<TenantLimits> {
  const tenant = await (db as Pick<DbClient, 'tenant'>).tenant.findUnique({
    where: { id: tenantId },
    select: {
      planLimits: true,
      plan: { select: { id: true, name: true, priceLabel: true, maxMembers: true, maxTorrents: true, announcesPerSecond: true, searchesPerSecond: true, maxTorrentFileBytes: true, maxContentBytes: true } },
    },
  });
  if (!tenant) throw new AppError('NOT_FOUND', 'this community does not exist');
  const { plan } = tenant;
  return {
    planId: plan.id,
    planName: plan.name,
    priceLabel: plan.priceLabel,
    maxMembers: plan.maxMembers,
    maxTorrents: plan.maxTorrents,
    announcesPerSecond: plan.announcesPerSecond,
    searchesPerSecond: plan.searchesPerSecond,
    maxTorrentFileBytes: plan.maxTorrentFileBytes,
    maxContentBytes: plan.maxContentBytes === null ? null : Number(plan.maxContentBytes),
    ...exceptions(tenant.planLimits),
  };
}
