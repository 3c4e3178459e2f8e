// A private conversation got a message or a participant (outbox topic `conversation.changed`).
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { defineOutboxJob } from './define-job';

export const conversationChangedJob = defineOutboxJob({ id: 'conversation-changed', version: 1, topic: OUTBOX_TOPICS.conversationChanged });
