// Shared set-up for the forum tests: members, a community with an open and a VIP-only
// forum, and the check that every counter and position matches the rows.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { expect } from 'vitest';
import { saveForum, saveForumCategory, type ForumViewer } from '../src/index';
import { newTenant } from './helpers';

export const noLimit = { posts: 1000, windowMs: 60_000 };

export async function member(tenantId: string, options: { role?: 'member' | 'staff' | 'admin'; groupId?: string | null } = {}): Promise<ForumViewer & { username: string }> {
  const username = `m${randomBytes(4).toString('hex')}`;
  const row = await systemClient().member.create({
    data: {
      tenantId,
      username,
      email: `${username}@x.org`,
      passwordHash: 'x',
      passkey: randomBytes(16).toString('hex'),
      rssKey: randomBytes(16).toString('hex'),
      role: options.role ?? 'member',
      groupId: options.groupId ?? null,
    },
    select: { id: true, role: true, groupId: true, username: true },
  });
  return row;
}

/** A tenant with a default "Members" group, a "VIP" group, staff, an open and a VIP-only forum. */
export async function community() {
  const tenant = await newTenant();
  const groups = await systemClient().group.findMany({ where: { tenantId: tenant.id }, select: { id: true, name: true, isDefault: true } });
  const membersGroup = groups.find((group) => group.isDefault)!;
  const vip = await systemClient().group.create({ data: { tenantId: tenant.id, name: 'VIP' }, select: { id: true } });
  const staff = await member(tenant.id, { role: 'staff' });
  const { id: categoryId } = await saveForumCategory({ tenantId: tenant.id, viewer: staff, name: 'General' });
  const all = { read: true, reply: true, start: true };
  const open = await saveForum({
    tenantId: tenant.id,
    viewer: staff,
    categoryId,
    name: 'Chatter',
    rights: [
      { groupId: membersGroup.id, ...all },
      { groupId: vip.id, ...all },
    ],
  });
  const vipOnly = await saveForum({ tenantId: tenant.id, viewer: staff, categoryId, name: 'VIP lounge', rights: [{ groupId: vip.id, ...all }] });
  return { tenant, staff, membersGroup, vip, categoryId, open: open.id, vipOnly: vipOnly.id };
}

export async function counters(forumId: string) {
  const forum = await systemClient().forum.findUniqueOrThrow({ where: { id: forumId }, select: { topicCount: true, postCount: true, lastPostId: true } });
  const topics = await systemClient().forumTopic.findMany({ where: { forumId }, select: { id: true, postCount: true, lastPostId: true } });
  const posts = await systemClient().forumPost.count({ where: { topic: { forumId } } });
  return { forum, topics, posts };
}

/** Each topic's positions are 1..n and its counter and last post match its rows. */
export async function expectConsistent(forumId: string) {
  const { forum, topics, posts } = await counters(forumId);
  expect(forum.topicCount).toBe(topics.length);
  expect(forum.postCount).toBe(posts);
  for (const topic of topics) {
    const rows = await systemClient().forumPost.findMany({ where: { topicId: topic.id }, orderBy: { position: 'asc' }, select: { id: true, position: true } });
    expect(rows.map((row) => row.position)).toEqual(rows.map((_, index) => index + 1));
    expect(topic.postCount).toBe(rows.length);
    expect(topic.lastPostId).toBe(rows.at(-1)?.id ?? null);
  }
}
