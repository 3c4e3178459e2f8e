import { describe, expect, it } from 'vitest';
import { fromForumHits, forumPostFilter, toForumSearchRequest } from './forum-query';
import { toForumPostDocument } from './forum-documents';

const TENANT = '0b7d3c1e-2f4a-4c5b-8d6e-7f8091a2b3c4';
const OTHER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const FORUM = '11111111-2222-4333-8444-555555555555';
const FORUM_B = '21111111-2222-4333-8444-555555555555';

describe('the forum filter', () => {
  it('starts with the tenant and names only the forums given, as uuids', () => {
    expect(forumPostFilter(TENANT.toUpperCase(), [FORUM, FORUM_B.toUpperCase(), '" OR tenantId EXISTS'])).toBe(
      `tenantId = "${TENANT}" AND forumId IN ["${FORUM}", "${FORUM_B}"]`,
    );
  });

  it('knows that no readable forum matches nothing, and refuses a tenant id that is not a uuid', () => {
    expect(forumPostFilter(TENANT, [])).toBeUndefined();
    expect(forumPostFilter(TENANT, ['not-a-forum'])).toBeUndefined();
    expect(() => forumPostFilter(`${TENANT}" OR tenantId != "x`, [FORUM])).toThrow(/tenant id must be a uuid/);
    expect(() => toForumSearchRequest({ tenantId: '', text: 'x', forumIds: [FORUM], limit: 5 })).toThrow(/tenant id must be a uuid/);
    expect(() => toForumSearchRequest({ tenantId: 'demo', text: '  ', forumIds: [], limit: 5 })).toThrow(/tenant id must be a uuid/);
  });
});

describe('forum query mapping', () => {
  it('asks for every word, the limit in bounds, ids, tenant and the title’s match positions', () => {
    expect(toForumSearchRequest({ tenantId: TENANT, text: '  zebra   plans ', forumIds: [FORUM], limit: 50 })).toEqual({
      text: 'zebra plans',
      params: {
        filter: `tenantId = "${TENANT}" AND forumId IN ["${FORUM}"]`,
        limit: 50,
        matchingStrategy: 'all',
        attributesToRetrieve: ['id', 'tenantId', 'title'],
        showMatchesPosition: true,
      },
    });
    expect(toForumSearchRequest({ tenantId: TENANT, text: 'x', forumIds: [FORUM], limit: 5000 })?.params.limit).toBe(200);
    expect(toForumSearchRequest({ tenantId: TENANT, text: ' \n ', forumIds: [FORUM], limit: 5 })).toBeUndefined();
    expect(toForumSearchRequest({ tenantId: TENANT, text: 'x', forumIds: [], limit: 5 })).toBeUndefined();
  });

  it('reads hits back in order, says which matched by title, and drops any hit of another tenant', () => {
    const hits = [
      { id: 'a', tenantId: TENANT, _matchesPosition: { title: [{ start: 0, length: 5 }] } },
      { id: 'intruder', tenantId: OTHER },
      { id: 'no-tenant' },
      { id: 'b', tenantId: TENANT, _matchesPosition: { body: [{ start: 3, length: 5 }], title: [] } },
      { id: 'c', tenantId: TENANT },
    ];
    expect(fromForumHits(TENANT, hits)).toEqual([
      { postId: 'a', titleMatch: true },
      { postId: 'b', titleMatch: false },
      { postId: 'c', titleMatch: false },
    ]);
  });
});

describe('forum post documents', () => {
  it('carry the tenant and forum, the title on the first post only, and unix-second dates', () => {
    const row = {
      id: 'p1',
      tenantId: TENANT,
      topicId: 't1',
      forumId: FORUM,
      position: 1,
      title: 'Hidden plans',
      body: 'zebracorn',
      createdAt: new Date('2026-12-01T10:00:00.900Z'),
    };
    expect(toForumPostDocument(row, 42)).toEqual({ ...row, createdAt: Date.parse('2026-12-01T10:00:00Z') / 1000, indexedAt: 42 });
    expect(toForumPostDocument({ ...row, position: 2 }, 42).title).toBe('');
  });
});
