// Private messages (issue 15): the inbox, a conversation, writing, blocks, and the staff
// view of a reported conversation. The domain decides who may read what; this router
// passes the member, the Redis limits and, after reading, pushes the member's new
// unread count to their other open pages.
import {
  addParticipant,
  blockMember,
  countUnreadConversations,
  isBlocking,
  leaveConversation,
  listBlocks,
  listConversations,
  MAX_RECIPIENTS,
  MESSAGE_BODY_MAX_LENGTH,
  listOlderMessages,
  openConversation,
  pushUnreadCount,
  readReportedConversation,
  replyToConversation,
  startConversation,
  SUBJECT_MAX_LENGTH,
  unblockMember,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure, staffProcedure } from '../trpc';

const conversationId = z.string({ message: 'must be a conversation id' }).max(64);
const username = z.string({ message: 'must be a username' }).max(64, 'a username has at most 64 characters');
// The domain trims and gives the exact limits; these bounds only stop oversized requests.
const body = z.string({ message: 'must be text' }).max(MESSAGE_BODY_MAX_LENGTH * 2, `a message must be 1-${MESSAGE_BODY_MAX_LENGTH} characters`);

export const messagesRouter = {
  unreadCount: memberProcedure.query(({ ctx }) => countUnreadConversations({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  inbox: memberProcedure
    .input(z.object({ before: z.iso.datetime().optional() }).optional())
    .query(({ ctx, input }) =>
      listConversations({ tenantId: ctx.tenant.id, memberId: ctx.me.id, before: input?.before ? new Date(input.before) : undefined }),
    ),

  /** Opens a conversation (marking it read) and tells the member's other pages the new count. */
  open: memberProcedure
    .input(z.object({ conversationId, beforeSeq: z.number().int().positive().optional() }))
    .mutation(async ({ ctx, input }) => {
      const who = { tenantId: ctx.tenant.id, memberId: ctx.me.id };
      const view = await openConversation({ ...who, ...input });
      const unread = ctx.services.liveEmitter
        ? await pushUnreadCount({ ...who, emitter: ctx.services.liveEmitter })
        : await countUnreadConversations(who);
      return { ...view, unread };
    }),

  /** "Load older messages": the page before the oldest message on screen (participants only). */
  older: memberProcedure
    .input(z.object({ conversationId, beforeSeq: z.number().int().positive() }))
    .query(({ ctx, input }) => listOlderMessages({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input })),

  start: memberProcedure
    .input(
      z.object({
        recipients: z.array(username).max(MAX_RECIPIENTS * 2, `name at most ${MAX_RECIPIENTS} recipients`),
        subject: z.string({ message: 'must be text' }).max(SUBJECT_MAX_LENGTH * 2, `the subject must be 1-${SUBJECT_MAX_LENGTH} characters`),
        body,
      }),
    )
    .mutation(({ ctx, input }) =>
      startConversation({ tenantId: ctx.tenant.id, memberId: ctx.me.id, isStaff: ctx.me.role !== 'member', rate: { redis: ctx.services.redis }, ...input }),
    ),

  reply: memberProcedure
    .input(z.object({ conversationId, body }))
    .mutation(({ ctx, input }) =>
      replyToConversation({ tenantId: ctx.tenant.id, memberId: ctx.me.id, isStaff: ctx.me.role !== 'member', rate: { redis: ctx.services.redis }, ...input }),
    ),

  addParticipant: memberProcedure
    .input(z.object({ conversationId, username }))
    .mutation(({ ctx, input }) => addParticipant({ tenantId: ctx.tenant.id, memberId: ctx.me.id, isStaff: ctx.me.role !== 'member', ...input })),

  leave: memberProcedure
    .input(z.object({ conversationId }))
    .mutation(({ ctx, input }) => leaveConversation({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input })),

  blocks: memberProcedure.query(({ ctx }) => listBlocks({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  isBlocking: memberProcedure
    .input(z.object({ username }))
    .query(({ ctx, input }) => isBlocking({ tenantId: ctx.tenant.id, memberId: ctx.me.id, username: input.username })),

  block: memberProcedure
    .input(z.object({ username }))
    .mutation(({ ctx, input }) => blockMember({ tenantId: ctx.tenant.id, memberId: ctx.me.id, username: input.username })),

  unblock: memberProcedure
    .input(z.object({ username }))
    .mutation(({ ctx, input }) => unblockMember({ tenantId: ctx.tenant.id, memberId: ctx.me.id, username: input.username })),

  /** Staff: a conversation with a reported message, audited on every read; NOT_FOUND without a report. */
  staffRead: staffProcedure
    .input(z.object({ conversationId }))
    .query(({ ctx, input }) =>
      readReportedConversation({ tenantId: ctx.tenant.id, staffId: ctx.me.id, staffRole: ctx.me.role, conversationId: input.conversationId }),
    ),
} satisfies TRPCRouterRecord;
