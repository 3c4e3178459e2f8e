// Who is in a torrent's swarm right now, from the tracker's persisted `peers` table (see
// live-peers.ts): seeders/leechers and one row per member with their transfer on this
// torrent from History. Members who hide their history appear as "anonymous", members
// who hide their stats without figures; staff and the member see their own rows in full.
import { forTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { readPrivacy } from '../members/privacy';
import type { LivePeerSource } from './live-peers';

export type PeerState = 'seeding' | 'partial' | 'leeching';

export interface SwarmMember {
  /** null when the member is shown as anonymous. */
  username: string | null;
  anonymous: boolean;
  state: PeerState;
  peers: number;
  clients: string[];
  /** Actual bytes on this torrent (History); null when the member hides their stats. */
  uploaded: number | null;
  downloaded: number | null;
}

export interface SwarmPeers {
  seeders: number;
  leechers: number;
  partialSeeds: number;
  members: SwarmMember[];
}

export interface LivePeer {
  memberId: string;
  state: PeerState;
  client: string | null;
}

const STATE_RANK: Record<PeerState, number> = { seeding: 0, partial: 1, leeching: 2 };

export async function listSwarmPeers(options: {
  peers: LivePeerSource;
  tenantId: string;
  /** The tenant's settings when the caller has them (spares the peer source a read). */
  tenantSettings?: unknown;
  torrentId: string;
  viewer: { id: string; role: string };
}): Promise<SwarmPeers> {
  const db = forTenant(options.tenantId);
  const isStaff = options.viewer.role !== 'member';
  const torrent = await db.torrent.findUnique({ where: { id: options.torrentId }, select: { id: true, infoHash: true, status: true, uploaderId: true } });
  if (!torrent || (torrent.status !== 'approved' && !isStaff && torrent.uploaderId !== options.viewer.id) || (torrent.status === 'deleted' && !isStaff)) {
    throw new AppError('NOT_FOUND', 'this torrent does not exist here; it may have been deleted');
  }
  const peers = await options.peers.livePeers({ id: options.tenantId, settings: options.tenantSettings }, torrent);
  const byMember = new Map<string, { state: PeerState; peers: number; clients: Set<string> }>();
  for (const peer of peers) {
    const entry = byMember.get(peer.memberId) ?? { state: peer.state, peers: 0, clients: new Set<string>() };
    if (STATE_RANK[peer.state] < STATE_RANK[entry.state]) entry.state = peer.state;
    entry.peers += 1;
    if (peer.client) entry.clients.add(peer.client);
    byMember.set(peer.memberId, entry);
  }
  const memberIds = [...byMember.keys()];
  const [members, histories] = memberIds.length
    ? await Promise.all([
        db.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, username: true, privacy: true } }),
        db.history.findMany({ where: { torrentId: torrent.id, memberId: { in: memberIds } }, select: { memberId: true, uploadedBytes: true, downloadedBytes: true } }),
      ])
    : [[], []];
  const memberById = new Map(members.map((member) => [member.id, member]));
  const historyByMember = new Map(histories.map((history) => [history.memberId, history]));
  const rows: SwarmMember[] = [];
  for (const [memberId, entry] of byMember) {
    const member = memberById.get(memberId);
    if (!member) continue; // a peer of a member deleted since
    const privacy = readPrivacy(member.privacy);
    const seesAll = isStaff || memberId === options.viewer.id;
    const anonymous = !seesAll && privacy.hideHistory;
    const showStats = seesAll || !privacy.hideStats;
    const history = historyByMember.get(memberId);
    rows.push({
      username: anonymous ? null : member.username,
      anonymous,
      state: entry.state,
      peers: entry.peers,
      clients: [...entry.clients].sort(),
      // No History row yet means the flusher has booked nothing for them: zero so far.
      uploaded: showStats ? Number(history?.uploadedBytes ?? 0) : null,
      downloaded: showStats ? Number(history?.downloadedBytes ?? 0) : null,
    });
  }
  // Seeders first, then by name; anonymous rows last so their order reveals nothing.
  rows.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || Number(a.anonymous) - Number(b.anonymous) || (a.username ?? '').localeCompare(b.username ?? ''));
  return {
    seeders: peers.filter((peer) => peer.state === 'seeding').length,
    leechers: peers.filter((peer) => peer.state === 'leeching').length,
    partialSeeds: peers.filter((peer) => peer.state === 'partial').length,
    members: rows,
  };
}
