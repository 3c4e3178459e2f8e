// The member's own copy of a .torrent: the stored private rewrite with the member's
// passkey stamped into the announce URL. Another tenant's torrent is simply not found
// (row-level security never returns it). Members with an unconfirmed e-mail address
// are refused (after the not-found check, so the answer reveals nothing either). Web
// seeds still in a torrent stored before uploads dropped them are dropped here, unless
// the tenant allows them. A member at the tenant's maximum of active hit-and-run
// warnings is refused ("downloads disabled: …"), except for their own upload (seeding it
// is what they should do).
import { personalise } from '@swarmhost/bittorrent/metainfo';
import { forTenant, parseTenantSettings } from '@swarmhost/db';
import { AppError } from '../errors';
import { requireDownloadsAllowed } from '../hit-and-run/warnings';
import { requireVerifiedEmail } from '../members/require-verified-email';
import { announceUrl } from '../tracker-url';

export async function downloadTorrent(options: {
  tenantId: string;
  torrentId: string;
  member: { id: string; role: string; passkey: string };
  trackerBaseUrl: string;
}): Promise<{ fileName: string; bytes: Buffer }> {
  const torrent = await forTenant(options.tenantId).torrent.findUnique({
    where: { id: options.torrentId },
    select: { name: true, status: true, uploaderId: true, torrentFile: true, tenant: { select: { settings: true } } },
  });
  const allowed =
    torrent &&
    (torrent.status === 'approved' || (torrent.status === 'pending' && (torrent.uploaderId === options.member.id || options.member.role !== 'member')));
  if (!torrent || !allowed) throw new AppError('NOT_FOUND', 'this torrent does not exist here; it may have been deleted');
  await requireVerifiedEmail({ tenantId: options.tenantId, memberId: options.member.id, action: 'download torrents' });
  if (torrent.uploaderId !== options.member.id) {
    await requireDownloadsAllowed({ tenantId: options.tenantId, memberId: options.member.id, settings: torrent.tenant.settings });
  }
  const bytes = personalise(torrent.torrentFile, announceUrl(options.trackerBaseUrl, options.member.passkey), {
    keepWebSeeds: parseTenantSettings(torrent.tenant.settings).allowWebSeeds,
  });
  const safeName = torrent.name.replace(/[^\w.() -]+/g, '_').slice(0, 150) || 'download';
  return { fileName: `${safeName}.torrent`, bytes };
}
