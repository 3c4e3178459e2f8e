// A community's look and pages (issue 14): accent colour, logo, rules and FAQ in
// Markdown, and who may join. Kept in tenant_sites, apart from tenants, so the logo's
// bytes are read only when the logo is served. Every page reads the row when it
// renders, so an edit is seen on the next page load; the tenant's page caches and the
// tracker are told as for any tenant change. Only the tenant's admins edit it.
import { forTenant, parseTenantSettings, withTenant, type RegistrationMode } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';
import { sniffImageType, type CoverType } from '../playlists/cover-image';

export const LOGO_MAX_BYTES = 512 * 1024;
export const SITE_MARKDOWN_MAX = 50_000;
const ACCENT = /^#[0-9a-f]{6}$/;

export interface SiteLook {
  /** "#rrggbb" or null for the platform's colour. */
  accentColor: string | null;
  /** Changes with every new logo (for the image's ?v=); null without a logo. */
  logoVersion: string | null;
}

export interface SitePages {
  rulesMarkdown: string;
  faqMarkdown: string;
}

export async function readSiteLook(tenantId: string): Promise<SiteLook> {
  const row = await forTenant(tenantId).tenantSite.findUnique({ where: { tenantId }, select: { accentColor: true, logoUpdatedAt: true } });
  return { accentColor: row?.accentColor ?? null, logoVersion: row?.logoUpdatedAt ? String(row.logoUpdatedAt.getTime()) : null };
}

export async function readSitePages(tenantId: string): Promise<SitePages> {
  const row = await forTenant(tenantId).tenantSite.findUnique({ where: { tenantId }, select: { rulesMarkdown: true, faqMarkdown: true } });
  return { rulesMarkdown: row?.rulesMarkdown ?? '', faqMarkdown: row?.faqMarkdown ?? '' };
}

/** "#ABC" and "#AABBCC" in any case become "#aabbcc"; an empty value clears the colour. */
export function normaliseAccent(value: string): string | null {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '') return null;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(trimmed);
  const full = short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : trimmed;
  if (!ACCENT.test(full)) {
    throw new AppError('BAD_REQUEST', `accent colour: "${value}" is not a colour; use a hex colour such as #4f46e5`, { fields: { accentColor: 'not a hex colour' } });
  }
  return full;
}

export interface UpdateSiteOptions {
  tenantId: string;
  actorMemberId: string;
  publisher?: Publisher;
  accentColor: string;
  rulesMarkdown: string;
  faqMarkdown: string;
  registrationMode: RegistrationMode;
}

export async function updateSite(options: UpdateSiteOptions): Promise<SiteLook & SitePages & { registrationMode: RegistrationMode }> {
  const accentColor = normaliseAccent(options.accentColor);
  for (const [field, label, text] of [['rulesMarkdown', 'rules', options.rulesMarkdown], ['faqMarkdown', 'FAQ', options.faqMarkdown]] as const) {
    if (text.length > SITE_MARKDOWN_MAX) {
      throw new AppError('BAD_REQUEST', `${label}: at most ${SITE_MARKDOWN_MAX.toLocaleString('en')} characters (this is ${text.length.toLocaleString('en')})`, { fields: { [field]: 'too long' } });
    }
  }
  const db = systemClient();
  const tenant = await db.tenant.findUnique({ where: { id: options.tenantId }, select: { settings: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'this community does not exist');
  // Validated as a whole like any settings change (the mode is one of four).
  const settings = parseTenantSettings({ ...(tenant.settings as object), registrationMode: options.registrationMode });
  const { peerTtlSeconds: _derived, ...toStore } = settings;
  const storedMode = ((tenant.settings ?? {}) as Record<string, unknown>).registrationMode;
  const pages = { accentColor, rulesMarkdown: options.rulesMarkdown, faqMarkdown: options.faqMarkdown };
  const row = await withTenant(options.tenantId, async (tx) => {
    const saved = await tx.tenantSite.upsert({
      where: { tenantId: options.tenantId },
      create: { tenantId: options.tenantId, ...pages },
      update: { ...pages, updatedAt: new Date() },
      select: { accentColor: true, logoUpdatedAt: true, rulesMarkdown: true, faqMarkdown: true },
    });
    await tx.auditLog.create({
      data: { tenantId: options.tenantId, actorMemberId: options.actorMemberId, action: 'site.update', targetType: 'tenant', targetId: options.tenantId, details: { accentColor, registrationMode: options.registrationMode } },
    });
    return saved;
  });
  if (storedMode !== options.registrationMode) {
    await db.tenant.update({ where: { id: options.tenantId }, data: { settings: { ...toStore, registrationMode: options.registrationMode } as object } });
  }
  if (options.publisher) await publishInvalidation(options.publisher, { kind: 'tenant', tenantId: options.tenantId });
  return {
    accentColor: row.accentColor,
    logoVersion: row.logoUpdatedAt ? String(row.logoUpdatedAt.getTime()) : null,
    rulesMarkdown: row.rulesMarkdown,
    faqMarkdown: row.faqMarkdown,
    registrationMode: options.registrationMode,
  };
}

/** Checks the logo by its bytes (PNG, JPEG or WebP signatures, at most 512 KiB) and stores it. */
export async function setTenantLogo(options: { tenantId: string; actorMemberId: string; bytes: Uint8Array; publisher?: Publisher }): Promise<{ type: CoverType; size: number }> {
  if (options.bytes.length === 0) throw new AppError('BAD_REQUEST', 'logo: the file is empty', { fields: { logo: 'empty' } });
  if (options.bytes.length > LOGO_MAX_BYTES) {
    throw new AppError('BAD_REQUEST', `logo: must be at most 512 KiB (this file is ${Math.ceil(options.bytes.length / 1024)} KiB)`, { fields: { logo: 'too large' } });
  }
  const type = sniffImageType(options.bytes);
  if (!type) throw new AppError('BAD_REQUEST', "logo: must be a PNG, JPEG or WebP image (the file's contents are none of these, whatever its name says)", { fields: { logo: 'not an image' } });
  const logo = { logoImage: new Uint8Array(options.bytes), logoType: type, logoUpdatedAt: new Date() };
  await writeLogo(options, logo);
  return { type, size: options.bytes.length };
}

export async function removeTenantLogo(options: { tenantId: string; actorMemberId: string; publisher?: Publisher }): Promise<void> {
  await writeLogo(options, { logoImage: null, logoType: null, logoUpdatedAt: null });
}

async function writeLogo(
  options: { tenantId: string; actorMemberId: string; publisher?: Publisher },
  logo: { logoImage: Uint8Array<ArrayBuffer> | null; logoType: string | null; logoUpdatedAt: Date | null },
): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    await tx.tenantSite.upsert({ where: { tenantId: options.tenantId }, create: { tenantId: options.tenantId, ...logo }, update: { ...logo, updatedAt: new Date() } });
    await tx.auditLog.create({
      data: { tenantId: options.tenantId, actorMemberId: options.actorMemberId, action: logo.logoImage ? 'site.logo_set' : 'site.logo_removed', targetType: 'tenant', targetId: options.tenantId, details: {} },
    });
  });
  if (options.publisher) await publishInvalidation(options.publisher, { kind: 'tenant', tenantId: options.tenantId });
}

export async function readTenantLogo(tenantId: string): Promise<{ bytes: Uint8Array; type: CoverType; updatedAt: Date }> {
  const row = await forTenant(tenantId).tenantSite.findUnique({ where: { tenantId }, select: { logoImage: true, logoType: true, logoUpdatedAt: true } });
  if (!row?.logoImage || !row.logoType || !row.logoUpdatedAt) throw new AppError('NOT_FOUND', 'this community has no logo');
  return { bytes: row.logoImage, type: row.logoType as CoverType, updatedAt: row.logoUpdatedAt };
}
