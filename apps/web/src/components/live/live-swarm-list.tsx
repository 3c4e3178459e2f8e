'use client';
// Live seeders/leechers for a server-rendered list (browse page, "my active torrents"):
// LiveSwarmList follows the listed torrents once (useLiveSwarms) and LiveSwarmCell shows
// one figure, the server-rendered one until the tracker reports a change.
import { createContext, useContext, type ReactNode } from 'react';
import { useLiveSwarms, type SwarmCounts } from './live-swarm-counts';

const LiveCounts = createContext<Record<string, SwarmCounts>>({});

function Follow(props: { initial: Record<string, SwarmCounts>; children: ReactNode }) {
  const counts = useLiveSwarms(Object.keys(props.initial), props.initial);
  return <LiveCounts.Provider value={counts}>{props.children}</LiveCounts.Provider>;
}

export function LiveSwarmList(props: { initial: Record<string, SwarmCounts>; children: ReactNode }) {
  // Another set of rows (next page, other filters) starts over from the server's figures.
  return (
    <Follow key={Object.keys(props.initial).join(',')} initial={props.initial}>
      {props.children}
    </Follow>
  );
}

export function LiveSwarmCell(props: { torrentId: string; field: 'seeders' | 'leechers'; value: number }) {
  const live = useContext(LiveCounts)[props.torrentId];
  return <span data-testid={`live-${props.field}-${props.torrentId}`}>{live ? live[props.field] : props.value}</span>;
}
