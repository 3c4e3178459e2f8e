// A tenant's custom domains (tenant_hosts): the site serves the community on each of
// them besides <slug>.<BASE_DOMAIN>. Operators add and remove them in the console;
// a host name belongs to one tenant at most.
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';
import { isUniqueViolation } from '../prisma-errors';
import { findTenantBySlug } from './find-tenant';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Normalises and checks a host name (RFC 1123 labels, at least two, no port, no IP
 * address). Names under the base domain are refused: <slug>.<base> is already the
 * tenant's own address and the console lives on the base itself.
 */
export function checkHostName(input: string, baseDomain: string): string {
  const host = input.trim().toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  const problem =
    host.length === 0
      ? 'enter a host name such as tracker.example.org'
      : host.length > 253
        ? 'a host name has at most 253 characters'
        : labels.length < 2
          ? 'use a full host name with a dot, such as tracker.example.org'
          : !labels.every((label) => LABEL.test(label))
            ? 'each part may hold letters, digits and inner hyphens (1-63 characters); no port, path or scheme'
            : /^\d+$/.test(labels.at(-1) ?? '')
              ? 'an IP address cannot be a community address; use a host name'
              : null;
  if (problem) throw new AppError('BAD_REQUEST', `invalid host name "${input.trim()}": ${problem}`);
  const base = baseDomain.toLowerCase().replace(/:\d+$/, '');
  if (host === base || host.endsWith(`.${base}`)) {
    throw new AppError('BAD_REQUEST', `"${host}" is under the platform's own domain ${base}; add a domain the community owns`);
  }
  return host;
}

export async function listTenantHosts(options: { db: DbClient; slug: string }) {
  const tenant = await findTenantBySlug(options.db, options.slug);
  const hosts = await options.db.tenantHost.findMany({ where: { tenantId: tenant.id }, orderBy: { host: 'asc' }, select: { host: true, createdAt: true } });
  return hosts.map((row) => ({ host: row.host, createdAt: row.createdAt.toISOString() }));
}

export async function addTenantHost(options: { db: DbClient; slug: string; host: string; baseDomain: string; actorOperatorId?: string }) {
  const host = checkHostName(options.host, options.baseDomain);
  const tenant = await findTenantBySlug(options.db, options.slug);
  try {
    await options.db.$transaction(async (tx) => {
      await tx.tenantHost.create({ data: { tenantId: tenant.id, host } });
      await tx.auditLog.create({
        data: { tenantId: tenant.id, actorOperatorId: options.actorOperatorId ?? null, action: 'tenant.add_host', targetType: 'tenant', targetId: tenant.id, details: { host } },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const owner = await options.db.tenantHost.findUnique({ where: { host }, select: { tenant: { select: { slug: true } } } });
    const who = owner?.tenant.slug === tenant.slug ? 'this community already' : `community "${owner?.tenant.slug ?? 'another'}"`;
    throw new AppError('CONFLICT', `${host} is already used by ${who}; a host name can point at one community only`);
  }
  return { host };
}

export async function removeTenantHost(options: { db: DbClient; slug: string; host: string; actorOperatorId?: string }) {
  const tenant = await findTenantBySlug(options.db, options.slug);
  const host = options.host.trim().toLowerCase();
  await options.db.$transaction(async (tx) => {
    const { count } = await tx.tenantHost.deleteMany({ where: { tenantId: tenant.id, host } });
    if (count === 0) throw new AppError('NOT_FOUND', `${host} is not an address of "${tenant.slug}"; reload the page`);
    await tx.auditLog.create({
      data: { tenantId: tenant.id, actorOperatorId: options.actorOperatorId ?? null, action: 'tenant.remove_host', targetType: 'tenant', targetId: tenant.id, details: { host } },
    });
  });
}
