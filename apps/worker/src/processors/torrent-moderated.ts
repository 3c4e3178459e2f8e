// An approval becomes a system message in the tenant's general chat room and a
// notification to the uploader; a rejection a notification carrying the reason. Both
// are keyed by the outbox row, so a retried or re-enqueued job stores nothing twice.
import { forTenant } from '@swarmhost/db';
import { notifyTorrentApproved, notifyTorrentRejected, postSystemMessage } from '@swarmhost/domain';
import { outboxSourceKey } from '@swarmhost/events';
import type { OutboxJobPayload } from '../jobs/define-job';
import type { ProcessorContext } from './processor-context';

export async function processTorrentModerated(payload: OutboxJobPayload<'torrent.moderated'>, context: ProcessorContext): Promise<void> {
  const { tenantId, event } = payload;
  const sourceKey = outboxSourceKey(payload.outboxId);
  if (event.decision === 'rejected') {
    await notifyTorrentRejected({ tenantId, torrentId: event.torrentId, reason: event.reason, emitter: context.emitter, sourceKey });
    return;
  }
  await notifyTorrentApproved({ tenantId, torrentId: event.torrentId, emitter: context.emitter, sourceKey });
  const torrent = await forTenant(tenantId).torrent.findUnique({ where: { id: event.torrentId }, select: { name: true } });
  if (!torrent) {
    context.log.warn('approved torrent is gone; no chat message', { tenantId, torrentId: event.torrentId });
    return;
  }
  await postSystemMessage({ tenantId, body: `torrent "${torrent.name}" approved`, emitter: context.emitter, sourceKey });
}
