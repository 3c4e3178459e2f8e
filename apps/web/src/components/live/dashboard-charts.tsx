'use client';
// Live dashboard charts (uPlot): announces/s, peers (seeders/leechers), new members and
// flush lag over the last 15 minutes. Opening fills them from the gateway's history at
// once; then one point per second arrives. Staff see their tenant; operators the whole
// platform (tenantId "*") or one tenant, plus a table of every tenant's latest second.
import {
  DASHBOARD_HISTORY_SECONDS,
  DASHBOARD_POINT_EVENT,
  DASHBOARD_TICK_EVENT,
  GATEWAY_REQUESTS,
  PLATFORM_SERIES_ID,
  type DashboardPoint,
  type DashboardTick,
} from '@swarmhost/events';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { requestLive, useLiveEvent, useRealtime } from './realtime-provider';

interface ChartSpec {
  title: string;
  series: { label: string; value: (point: DashboardPoint) => number | null; stroke: string }[];
}

const CHARTS: ChartSpec[] = [
  { title: 'Announces per second', series: [{ label: 'announces/s', value: (p) => p.announcesPerSecond, stroke: '#2563eb' }, { label: 'failures/s', value: (p) => p.failuresPerSecond, stroke: '#dc2626' }] },
  { title: 'Peers', series: [{ label: 'seeders', value: (p) => p.seeders, stroke: '#16a34a' }, { label: 'leechers', value: (p) => p.leechers, stroke: '#d97706' }, { label: 'active peers', value: (p) => p.activePeers, stroke: '#6b7280' }] },
  { title: 'New members (24 h)', series: [{ label: 'new members', value: (p) => p.newMembers24h, stroke: '#7c3aed' }] },
  { title: 'Ledger flush lag (s)', series: [{ label: 'flush lag', value: (p) => p.flushLagSeconds, stroke: '#0f766e' }] },
];

function LineChart(props: { spec: ChartSpec; points: DashboardPoint[] }) {
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const data = (): uPlot.AlignedData => [props.points.map((p) => p.at / 1000), ...props.spec.series.map((series) => props.points.map(series.value))];

  useEffect(() => {
    if (!holder.current) return;
    chart.current = new uPlot(
      { title: props.spec.title, width: Math.max(320, holder.current.clientWidth), height: 180, series: [{}, ...props.spec.series.map((series) => ({ label: series.label, stroke: series.stroke }))] },
      data(),
      holder.current,
    );
    return () => chart.current?.destroy();
    // Built once; data updates go through setData below.
  }, []);
  useEffect(() => {
    chart.current?.setData(data());
  });
  // uPlot draws no axes without data: say why the chart is empty instead of a blank box.
  return (
    <div className="relative">
      <div ref={holder} data-testid={`chart-${props.spec.title}`} />
      {props.points.length === 0 ? (
        <p className="pointer-events-none absolute inset-x-0 top-20 text-center text-sm text-slate-500">No figures yet: one arrives every second while the live connection is up.</p>
      ) : null}
    </div>
  );
}

/**
 * `scope="tenant"` for a staff dashboard; `scope="operator"` with an optional tenantId.
 * Operators pick one tenant's charts from the table (names from `tenantNames`, by id).
 */
export function DashboardCharts(props: { scope: 'tenant' | 'operator'; tenantId?: string; tenantNames?: Record<string, string> }) {
  const [selected, setSelected] = useState(props.tenantId ?? PLATFORM_SERIES_ID);
  const series = props.scope === 'operator' ? selected : null;
  const { socket, connected } = useRealtime();
  const pick = (tenantId: string) => {
    setPoints([]);
    setSelected(tenantId);
  };
  const nameOf = (tenantId: string) => (tenantId === PLATFORM_SERIES_ID ? 'all tenants' : (props.tenantNames?.[tenantId] ?? tenantId));
  const [points, setPoints] = useState<DashboardPoint[]>([]);
  const [latest, setLatest] = useState<DashboardPoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const add = (point: DashboardPoint) => setPoints((previous) => [...previous.filter((p) => p.at !== point.at), point].slice(-DASHBOARD_HISTORY_SECONDS));

  // History after every (re)connect and whenever the operator picks another series.
  useEffect(() => {
    if (!socket || !connected) return;
    let current = true;
    requestLive<{ points: DashboardPoint[] }>(socket, GATEWAY_REQUESTS.dashboardHistory, series && series !== PLATFORM_SERIES_ID ? { tenantId: series } : {}).then(
      (history) => {
        if (current) setPoints(history.points);
      },
      (refusal: unknown) => setError(refusal instanceof Error ? refusal.message : String(refusal)),
    );
    return () => {
      current = false;
    };
  }, [socket, connected, series]);
  useLiveEvent<DashboardPoint>(DASHBOARD_POINT_EVENT, (point) => {
    if (props.scope === 'tenant') add(point);
  });
  useLiveEvent<DashboardTick>(DASHBOARD_TICK_EVENT, (tick) => {
    if (props.scope !== 'operator') return;
    const mine = tick.points.find((point) => point.tenantId === series);
    if (mine) add(mine);
    setLatest(tick.points.filter((point) => point.tenantId !== PLATFORM_SERIES_ID));
  });

  const now = points.at(-1);
  return (
    <div className="space-y-4" data-testid="dashboard-charts">
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {now ? (
        <p className="text-sm tabular-nums" data-testid="dashboard-now">
          {now.announcesPerSecond} announces/s · {now.seeders} seeders · {now.leechers} leechers · {now.newMembers24h} new members · flush lag {now.flushLagSeconds ?? '—'} s
        </p>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {CHARTS.map((spec) => <LineChart key={spec.title} spec={spec} points={points} />)}
      </div>
      {props.scope === 'operator' ? (
        <p className="text-sm" data-testid="dashboard-series">
          Showing {nameOf(selected)}
          {selected !== PLATFORM_SERIES_ID ? (
            <button type="button" className="ml-2 text-indigo-700 underline" onClick={() => pick(PLATFORM_SERIES_ID)}>
              show all tenants
            </button>
          ) : null}
        </p>
      ) : null}
      {props.scope === 'operator' && latest.length > 0 ? (
        <table className="w-full text-sm tabular-nums">
          <thead><tr><th className="text-left">tenant</th><th>announces/s</th><th>seeders</th><th>leechers</th><th>new members</th></tr></thead>
          <tbody>
            {latest.map((point) => (
              <tr key={point.tenantId}><td><button type="button" className="text-indigo-700 underline" onClick={() => pick(point.tenantId)}>{nameOf(point.tenantId)}</button></td><td>{point.announcesPerSecond}</td><td>{point.seeders}</td><td>{point.leechers}</td><td>{point.newMembers24h}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
