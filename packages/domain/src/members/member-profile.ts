// A member's profile page: transfer totals, ratio, seed time, snatches, uploads and
// bonus, with the stats they chose to hide left out for other members.
import { forTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { privacySchema, readPrivacy, type Privacy } from './privacy';

export async function getProfile(options: { tenantId: string; username: string; viewer: { id: string; role: string } }) {
  const db = forTenant(options.tenantId);
  const member = await db.member.findFirst({
    where: { username: options.username },
    select: {
      id: true,
      username: true,
      role: true,
      status: true,
      title: true,
      createdAt: true,
      uploadedBytes: true,
      downloadedBytes: true,
      creditedUploadBytes: true,
      creditedDownloadBytes: true,
      seedSeconds: true,
      bonusPoints: true,
      privacy: true,
      group: { select: { name: true } },
      _count: { select: { snatches: true, uploads: { where: { status: 'approved', anonymous: false } } } },
    },
  });
  if (!member) throw new AppError('NOT_FOUND', `no member called "${options.username}" here`);
  const privacy = readPrivacy(member.privacy);
  const isSelf = member.id === options.viewer.id;
  const seesAll = isSelf || options.viewer.role !== 'member';
  const credited = { up: Number(member.creditedUploadBytes), down: Number(member.creditedDownloadBytes) };
  const stats =
    seesAll || !privacy.hideStats
      ? {
          uploaded: Number(member.uploadedBytes),
          downloaded: Number(member.downloadedBytes),
          ratio: credited.down === 0 ? null : credited.up / credited.down,
          seedSeconds: Number(member.seedSeconds),
          bonusPoints: Number(member.bonusPoints),
        }
      : null;
  return {
    id: member.id,
    username: member.username,
    role: member.role,
    status: member.status,
    title: member.title,
    group: member.group?.name ?? null,
    joinedAt: member.createdAt.toISOString(),
    isSelf,
    privacy: isSelf ? privacy : null,
    stats,
    snatches: seesAll || !privacy.hideHistory ? member._count.snatches : null,
    uploads: seesAll || !privacy.hideUploads ? member._count.uploads : null,
  };
}

export async function updatePrivacy(options: { tenantId: string; memberId: string; privacy: Partial<Privacy> }) {
  const db = forTenant(options.tenantId);
  const current = await db.member.findUnique({ where: { id: options.memberId }, select: { privacy: true } });
  const next = privacySchema.parse({ ...readPrivacy(current?.privacy), ...options.privacy });
  await db.member.update({ where: { id: options.memberId }, data: { privacy: next } });
  return next;
}

export async function getOwnKeys(options: { tenantId: string; memberId: string }) {
  const member = await forTenant(options.tenantId).member.findUnique({
    where: { id: options.memberId },
    select: { passkey: true, rssKey: true, inviteQuota: true },
  });
  if (!member) throw new AppError('NOT_FOUND', 'your account was not found; log in again');
  return member;
}
