// Forums (issue 15): reading, posting, staff moderation and set-up. The use cases check
// every right (group rights, locked topics, the post rate, staff-only actions); this
// validates input shape and passes who is asking.
import {
  DELETE_REASON_MAX,
  deleteForumPost,
  deleteForumTopic,
  editForumPost,
  FORUM_DESCRIPTION_MAX,
  FORUM_NAME_MAX,
  FORUM_POST_MAX,
  FORUM_TITLE_MAX,
  findDeletedForumPost,
  forumPostHistory,
  getForumIndex,
  getForumPage,
  getForumPost,
  getTopicPage,
  latestForumPosts,
  locateForumPost,
  listForumSetup,
  mergeTopic,
  moveForumItem,
  moveTopic,
  replyToTopic,
  saveForum,
  saveForumCategory,
  searchForums,
  setTopicFlags,
  setTopicSubscription,
  startTopic,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { budgetedSearch } from '../search-budget';
import { memberProcedure } from '../trpc';

const forumId = z.uuid({ message: 'must be a forum id from this site' });
const topicId = z.uuid({ message: 'must be a topic id from this site' });
const postId = z.uuid({ message: 'must be a post id from this site' });
const page = z.number().int('page: must be a whole number').min(1, 'page: must be 1 or more').max(1_000_000).optional();
// Lengths are checked with clearer words by the use cases; these bound what is parsed.
const body = z.string().max(FORUM_POST_MAX + 1000);
const title = z.string().max(FORUM_TITLE_MAX * 4);
const reason = z.string().max(DELETE_REASON_MAX * 4);
const rights = z
  .array(z.object({ groupId: z.uuid({ message: 'must be a group id from this site' }), read: z.boolean(), reply: z.boolean(), start: z.boolean() }))
  .max(100);

export const forumsRouter = {
  index: memberProcedure.query(({ ctx }) => getForumIndex({ tenantId: ctx.tenant.id, viewer: ctx.me })),

  forum: memberProcedure
    .input(z.object({ id: forumId, page }))
    .query(({ ctx, input }) => getForumPage({ tenantId: ctx.tenant.id, viewer: ctx.me, forumId: input.id, page: input.page })),

  /** `unread: true` opens the page with the viewer's first unread post. */
  topic: memberProcedure
    .input(z.object({ id: topicId, page, unread: z.boolean().optional() }))
    .query(({ ctx, input }) => getTopicPage({ tenantId: ctx.tenant.id, viewer: ctx.me, topicId: input.id, page: input.unread ? 'unread' : input.page })),

  post: memberProcedure
    .input(z.object({ id: postId }))
    .query(({ ctx, input }) => getForumPost({ tenantId: ctx.tenant.id, viewer: ctx.me, postId: input.id })),

  /** A post's topic, position and page (links to a post, e.g. from a report). */
  locate: memberProcedure
    .input(z.object({ id: postId }))
    .query(({ ctx, input }) => locateForumPost({ tenantId: ctx.tenant.id, viewer: ctx.me, postId: input.id })),

  history: memberProcedure
    .input(z.object({ id: postId }))
    .query(({ ctx, input }) => forumPostHistory({ tenantId: ctx.tenant.id, viewer: ctx.me, postId: input.id })),

  search: memberProcedure
    .input(z.object({ text: z.string().max(400), forumId: forumId.optional() }))
    .query(({ ctx, input }) =>
      budgetedSearch(ctx, () => searchForums({ tenantId: ctx.tenant.id, viewer: ctx.me, searchIndex: ctx.services.searchIndex, text: input.text, forumId: input.forumId })),
    ),

  latest: memberProcedure.query(({ ctx }) => latestForumPosts({ tenantId: ctx.tenant.id, viewer: ctx.me })),

  startTopic: memberProcedure
    .input(z.object({ forumId, title, body }))
    .mutation(({ ctx, input }) => startTopic({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input, emitter: ctx.services.liveEmitter })),

  reply: memberProcedure
    .input(z.object({ topicId, body }))
    .mutation(({ ctx, input }) => replyToTopic({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input, emitter: ctx.services.liveEmitter })),

  edit: memberProcedure
    .input(z.object({ postId, body }))
    .mutation(({ ctx, input }) => editForumPost({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  subscribe: memberProcedure
    .input(z.object({ topicId, subscribed: z.boolean() }))
    .mutation(({ ctx, input }) => setTopicSubscription({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  /** Staff only (checked and audited by the use cases). */
  setFlags: memberProcedure
    .input(z.object({ topicId, pinned: z.boolean().optional(), locked: z.boolean().optional() }))
    .mutation(({ ctx, input }) => setTopicFlags({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  move: memberProcedure
    .input(z.object({ topicId, forumId }))
    .mutation(({ ctx, input }) => moveTopic({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  merge: memberProcedure
    .input(z.object({ topicId, intoTopicId: topicId }))
    .mutation(({ ctx, input }) => mergeTopic({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  /** Staff delete a reply or a whole topic, with the reason the audit log keeps. */
  deletePost: memberProcedure
    .input(z.object({ postId, reason }))
    .mutation(({ ctx, input }) => deleteForumPost({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  deleteTopic: memberProcedure
    .input(z.object({ topicId, reason }))
    .mutation(({ ctx, input }) => deleteForumTopic({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  /** Staff: who deleted a post that is gone, and why (a report's link to it). */
  deleted: memberProcedure
    .input(z.object({ id: postId }))
    .query(({ ctx, input }) => findDeletedForumPost({ tenantId: ctx.tenant.id, viewer: ctx.me, postId: input.id })),

  setup: memberProcedure.query(({ ctx }) => listForumSetup({ tenantId: ctx.tenant.id, viewer: ctx.me })),

  saveCategory: memberProcedure
    .input(z.object({ id: z.uuid().optional(), name: z.string().max(FORUM_NAME_MAX * 4), position: z.number().int().optional() }))
    .mutation(({ ctx, input }) => saveForumCategory({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  saveForum: memberProcedure
    .input(
      z.object({
        id: forumId.optional(),
        categoryId: z.uuid({ message: 'choose a forum category' }),
        name: z.string().max(FORUM_NAME_MAX * 4),
        description: z.string().max(FORUM_DESCRIPTION_MAX * 4).optional(),
        position: z.number().int().optional(),
        rights,
      }),
    )
    .mutation(({ ctx, input }) => saveForum({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  moveItem: memberProcedure
    .input(z.object({ kind: z.enum(['category', 'forum']), id: z.uuid(), direction: z.enum(['up', 'down']) }))
    .mutation(({ ctx, input }) => moveForumItem({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),
} satisfies TRPCRouterRecord;
