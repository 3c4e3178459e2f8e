// Staff set up the forums: categories and forums in the order they choose, and for each
// forum which member groups may read it, reply in it and start topics. Audited.
import { withTenant, type TenantTransaction } from '@swarmhost/db';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { isForumStaff, type ForumViewer } from './forum-access';

export const FORUM_NAME_MAX = 100;
export const FORUM_DESCRIPTION_MAX = 500;

export interface GroupRights {
  groupId: string;
  read: boolean;
  reply: boolean;
  start: boolean;
}

function requireStaff(viewer: ForumViewer) {
  if (!isForumStaff(viewer)) throw new AppError('FORBIDDEN', 'only staff can set up forums');
}

function validName(raw: string, what: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name === '') throw new AppError('BAD_REQUEST', `${what}: give it a name`);
  if ([...name].length > FORUM_NAME_MAX) throw new AppError('BAD_REQUEST', `${what}: must be at most ${FORUM_NAME_MAX} characters`);
  return name;
}

function validPosition(position: number | undefined): number | undefined {
  if (position === undefined) return undefined;
  if (!Number.isInteger(position) || position < 0 || position > 10_000) throw new AppError('BAD_REQUEST', 'position: must be a whole number from 0 to 10000');
  return position;
}

async function requireCategory(tx: TenantTransaction, categoryId: string) {
  const category = await tx.forumCategory.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!category) throw new AppError('BAD_REQUEST', 'category: choose one of this site’s forum categories');
}

/** Writes a forum's group rights: replying or starting topics implies reading. */
async function writeRights(tx: TenantTransaction, tenantId: string, forumId: string, rights: GroupRights[]) {
  const groupIds = [...new Set(rights.map((right) => right.groupId))];
  const groups = await tx.group.findMany({ where: { id: { in: groupIds } }, select: { id: true } });
  if (groups.length !== groupIds.length) throw new AppError('BAD_REQUEST', 'groups: choose groups of this site');
  await tx.forumPermission.deleteMany({ where: { forumId } });
  const rows = rights
    .filter((right) => right.read || right.reply || right.start)
    .map((right) => ({ tenantId, forumId, groupId: right.groupId, canRead: true, canReply: right.reply, canStartTopics: right.start }));
  if (rows.length > 0) await tx.forumPermission.createMany({ data: rows, skipDuplicates: true });
}

/** Everything the staff page shows: categories, forums with their rights, and the groups. */
export async function listForumSetup(options: { tenantId: string; viewer: ForumViewer }) {
  requireStaff(options.viewer);
  return withTenant(options.tenantId, async (tx) => {
    const [categories, groups] = await Promise.all([
      tx.forumCategory.findMany({
        orderBy: [{ position: 'asc' }, { name: 'asc' }],
        select: {
          id: true,
          name: true,
          position: true,
          forums: {
            orderBy: [{ position: 'asc' }, { name: 'asc' }],
            select: {
              id: true,
              name: true,
              description: true,
              position: true,
              topicCount: true,
              postCount: true,
              permissions: { select: { groupId: true, canRead: true, canReply: true, canStartTopics: true } },
            },
          },
        },
      }),
      tx.group.findMany({ orderBy: [{ isDefault: 'desc' }, { name: 'asc' }], select: { id: true, name: true, isDefault: true } }),
    ]);
    return {
      groups,
      categories: categories.map((category) => ({
        ...category,
        forums: category.forums.map(({ permissions, ...forum }) => ({
          ...forum,
          rights: permissions.map((row) => ({ groupId: row.groupId, read: row.canRead, reply: row.canReply, start: row.canStartTopics })),
        })),
      })),
    };
  });
}

export async function saveForumCategory(options: { tenantId: string; viewer: ForumViewer; id?: string; name: string; position?: number }) {
  requireStaff(options.viewer);
  const name = validName(options.name, 'category name');
  const position = validPosition(options.position);
  return withTenant(options.tenantId, async (tx) => {
    const clash = await tx.forumCategory.findFirst({ where: { name, ...(options.id ? { id: { not: options.id } } : {}) }, select: { id: true } });
    if (clash) throw new AppError('CONFLICT', `category name: “${name}” exists already`);
    let id = options.id;
    if (id) {
      const updated = await tx.forumCategory.updateMany({ where: { id }, data: { name, ...(position === undefined ? {} : { position }) } });
      if (updated.count === 0) throw new AppError('NOT_FOUND', 'this forum category does not exist here');
    } else {
      const count = await tx.forumCategory.count();
      id = (await tx.forumCategory.create({ data: { tenantId: options.tenantId, name, position: position ?? count }, select: { id: true } })).id;
    }
    await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.viewer.id, action: options.id ? 'forum.category.edit' : 'forum.category.create', targetType: 'forum', targetId: id, details: { name } });
    return { id };
  });
}

export interface SaveForumOptions {
  tenantId: string;
  viewer: ForumViewer;
  id?: string;
  categoryId: string;
  name: string;
  description?: string;
  position?: number;
  rights: GroupRights[];
}

export async function saveForum(options: SaveForumOptions) {
  requireStaff(options.viewer);
  const name = validName(options.name, 'forum name');
  const description = (options.description ?? '').trim();
  if ([...description].length > FORUM_DESCRIPTION_MAX) throw new AppError('BAD_REQUEST', `description: must be at most ${FORUM_DESCRIPTION_MAX} characters`);
  const position = validPosition(options.position);
  return withTenant(options.tenantId, async (tx) => {
    await requireCategory(tx, options.categoryId);
    let id = options.id;
    if (id) {
      const updated = await tx.forum.updateMany({
        where: { id },
        data: { name, description, categoryId: options.categoryId, ...(position === undefined ? {} : { position }) },
      });
      if (updated.count === 0) throw new AppError('NOT_FOUND', 'this forum does not exist here');
    } else {
      const count = await tx.forum.count({ where: { categoryId: options.categoryId } });
      id = (await tx.forum.create({ data: { tenantId: options.tenantId, categoryId: options.categoryId, name, description, position: position ?? count }, select: { id: true } })).id;
    }
    await writeRights(tx, options.tenantId, id, options.rights);
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.viewer.id,
      action: options.id ? 'forum.edit' : 'forum.create',
      targetType: 'forum',
      targetId: id,
      details: { name, rights: options.rights.map((right) => ({ ...right })) },
    });
    return { id };
  });
}

/** Moves a category or a forum one place up or down among its siblings (positions renumbered 0..n). */
export async function moveForumItem(options: { tenantId: string; viewer: ForumViewer; kind: 'category' | 'forum'; id: string; direction: 'up' | 'down' }) {
  requireStaff(options.viewer);
  await withTenant(options.tenantId, async (tx) => {
    let siblings: { id: string }[];
    if (options.kind === 'category') {
      siblings = await tx.forumCategory.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true } });
    } else {
      const forum = await tx.forum.findUnique({ where: { id: options.id }, select: { categoryId: true } });
      if (!forum) throw new AppError('NOT_FOUND', 'this forum does not exist here');
      siblings = await tx.forum.findMany({ where: { categoryId: forum.categoryId }, orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true } });
    }
    const ids = siblings.map((sibling) => sibling.id);
    const index = ids.indexOf(options.id);
    if (index < 0) throw new AppError('NOT_FOUND', `this forum ${options.kind} does not exist here`);
    const swap = options.direction === 'up' ? index - 1 : index + 1;
    if (swap < 0 || swap >= ids.length) return;
    [ids[index], ids[swap]] = [ids[swap]!, ids[index]!];
    for (const [position, id] of ids.entries()) {
      if (options.kind === 'category') await tx.forumCategory.update({ where: { id }, data: { position } });
      else await tx.forum.update({ where: { id }, data: { position } });
    }
  });
}
