'use client';
// Seeders and leechers that follow the tracker live: a torrent page shows one torrent,
// a browse list or "my active torrents" a screenful (useLiveSwarms). The tracker sends
// at most one update per torrent per second, only when the counts changed.
import { GATEWAY_REQUESTS, SWARM_UPDATE_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { useMemo, useState } from 'react';
import { requestLive, useLiveEvent, useOnConnect } from './realtime-provider';

export interface SwarmCounts {
  seeders: number;
  leechers: number;
  timesCompleted?: number;
}

/** Live counts of `torrentIds` (at most 200 per page), starting from the server-rendered ones. */
export function useLiveSwarms(torrentIds: string[], initial: Record<string, SwarmCounts> = {}): Record<string, SwarmCounts> {
  const key = torrentIds.join(',');
  const wanted = useMemo(() => new Set(key.split(',').filter(Boolean)), [key]);
  const [counts, setCounts] = useState<Record<string, SwarmCounts>>(initial);
  useOnConnect((socket) => {
    if (wanted.size > 0) void requestLive(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentIds: [...wanted] }).catch(() => undefined);
  });
  useLiveEvent<SwarmUpdate>(SWARM_UPDATE_EVENT, (update) => {
    if (!wanted.has(update.torrentId)) return;
    setCounts((previous) => ({ ...previous, [update.torrentId]: { seeders: update.seeders, leechers: update.leechers, timesCompleted: update.timesCompleted } }));
  });
  return counts;
}

export function LiveSwarmCounts(props: { torrentId: string; seeders: number; leechers: number }) {
  const counts = useLiveSwarms([props.torrentId], { [props.torrentId]: { seeders: props.seeders, leechers: props.leechers } });
  const current = counts[props.torrentId] ?? props;
  return (
    <span className="tabular-nums" data-testid="live-swarm-counts">
      <span data-testid="live-seeders">{current.seeders}</span> seeding · <span data-testid="live-leechers">{current.leechers}</span> leeching
    </span>
  );
}
