// Staff approved or rejected an upload (outbox topic `torrent.moderated`).
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { defineOutboxJob } from './define-job';

export const torrentModeratedJob = defineOutboxJob({ id: 'torrent-moderated', version: 1, topic: OUTBOX_TOPICS.torrentModerated });
