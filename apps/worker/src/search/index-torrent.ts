// A torrent search may show changed: the search indexer re-reads it in its tenant and
// writes or removes its document. Reading the current row makes the job idempotent and
// order-free: a retried or late job writes the latest state, never the event's.
// With PostgreSQL search there is no indexer and nothing to do (the table is the index).
import type { OutboxJobPayload } from '../jobs/define-job';
import type { ProcessorContext } from '../processors/processor-context';

export async function processSearchTorrentChanged(payload: OutboxJobPayload<'search.torrent-changed'>, context: ProcessorContext): Promise<void> {
  if (!context.searchIndexer) return;
  await context.searchIndexer.syncTorrents(payload.tenantId, [payload.event.torrentId]);
}
