// The torrent page's peer list: who is seeding or leeching now (the tracker's swarm),
// their client and transfer on this torrent. Members who hide their history show as
// "anonymous"; figures a member hides show as "hidden".
import type { SwarmPeers } from '@swarmhost/domain';
import { Card, formatBytes } from '@swarmhost/ui';

const STATE_LABEL = { seeding: 'Seeding', partial: 'Partial seed', leeching: 'Leeching' } as const;

export function SwarmPeersCard(props: { peers: SwarmPeers }) {
  const { peers } = props;
  const figure = (bytes: number | null) => (bytes === null ? 'hidden' : formatBytes(bytes));
  return (
    <Card title={`Peers (${peers.seeders} seeding, ${peers.leechers} leeching${peers.partialSeeds ? `, ${peers.partialSeeds} partial` : ''})`}>
      {peers.members.length === 0 ? (
        <p className="text-sm text-slate-700">Nobody is in the swarm right now.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="swarm-peers">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">State</th>
                <th scope="col">Client</th>
                <th scope="col" className="text-right">Uploaded</th>
                <th scope="col" className="text-right">Downloaded</th>
              </tr>
            </thead>
            <tbody>
              {peers.members.map((row, index) => (
                <tr key={row.username ?? `anonymous-${index}`} className="border-t border-slate-100">
                  <td className="py-1">{row.anonymous ? <em>anonymous</em> : row.username}{row.peers > 1 ? ` (${row.peers} peers)` : ''}</td>
                  <td>{STATE_LABEL[row.state]}</td>
                  <td>{row.clients.length ? row.clients.join(', ') : 'unknown'}</td>
                  <td className="text-right tabular-nums">{figure(row.uploaded)}</td>
                  <td className="text-right tabular-nums">{figure(row.downloaded)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
