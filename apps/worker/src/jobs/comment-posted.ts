// A member commented on a torrent (outbox topic `comment.posted`).
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { defineOutboxJob } from './define-job';

export const commentPostedJob = defineOutboxJob({ id: 'comment-posted', version: 1, topic: OUTBOX_TOPICS.commentPosted });
