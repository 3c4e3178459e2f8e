// Playlists (issue 12): members curate ordered lists of this tenant's torrents. The
// domain decides who may see and change what (a private playlist is NOT_FOUND for anyone
// but its owner); this checks input shape and passes who is asking. Covers travel as
// base64 here and are served by the web app's /playlists/<id>/cover route.
import {
  COVER_MAX_BYTES,
  removePlaylistCover,
  setPlaylistCover,
} from '@swarmhost/domain/playlists/cover-image';
import {
  addToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  listMemberPlaylists,
  listPublicPlaylists,
  movePlaylistItem,
  PLAYLIST_DESCRIPTION_MAX,
  PLAYLIST_NAME_MAX,
  PLAYLIST_SORTS,
  playlistsForTorrent,
  removeFromPlaylist,
  updatePlaylist,
} from '@swarmhost/domain/playlists/playlists';
import { AppError } from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure } from '../trpc';

const playlistId = z.uuid({ message: 'must be a playlist id from this site' });
const torrentId = z.uuid({ message: 'must be a torrent id from this site' });
// Lengths are checked again (with the count) by the domain after trimming; these bound the payload.
const name = z.string({ message: 'must be text' }).max(PLAYLIST_NAME_MAX * 4, `must be at most ${PLAYLIST_NAME_MAX} characters`);
const description = z.string({ message: 'must be text' }).max(PLAYLIST_DESCRIPTION_MAX * 2, `must be at most ${PLAYLIST_DESCRIPTION_MAX} characters`);
const isPublic = z.boolean({ message: 'must be true (everyone here sees it) or false (only you)' });

export const playlistsRouter = {
  /** Public playlists, searched and sorted, a page at a time. */
  list: memberProcedure
    .input(
      z
        .object({
          query: z.string({ message: 'must be text' }).max(200, 'must be at most 200 characters').default(''),
          sort: z.enum(PLAYLIST_SORTS, { message: 'must be "newest" or "most-torrents"' }).default('newest'),
          page: z.number({ message: 'must be a page number' }).int('must be a whole page number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(1),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listPublicPlaylists({ tenantId: ctx.tenant.id, query: input?.query, sort: input?.sort, page: input?.page })),

  /** A member's playlists: all of them for the member, the public ones for everyone else. */
  byMember: memberProcedure
    .input(z.object({ username: z.string({ message: 'must be a username' }).min(1, 'say whose playlists').max(64, 'must be at most 64 characters') }))
    .query(({ ctx, input }) => listMemberPlaylists({ tenantId: ctx.tenant.id, viewer: ctx.me, username: input.username })),

  /** The viewer's own playlists, each saying whether it holds `torrentId`. */
  forTorrent: memberProcedure
    .input(z.object({ torrentId }))
    .query(({ ctx, input }) => playlistsForTorrent({ tenantId: ctx.tenant.id, viewer: ctx.me, torrentId: input.torrentId })),

  get: memberProcedure.input(z.object({ id: playlistId })).query(({ ctx, input }) => getPlaylist({ tenantId: ctx.tenant.id, viewer: ctx.me, playlistId: input.id })),

  create: memberProcedure
    .input(z.object({ name, description: description.default(''), isPublic: isPublic.default(true) }))
    .mutation(({ ctx, input }) => createPlaylist({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  update: memberProcedure
    .input(z.object({ id: playlistId, name: name.optional(), description: description.optional(), isPublic: isPublic.optional() }))
    .mutation(async ({ ctx, input }) => {
      await updatePlaylist({ tenantId: ctx.tenant.id, viewer: ctx.me, playlistId: input.id, name: input.name, description: input.description, isPublic: input.isPublic });
      return { ok: true as const };
    }),

  delete: memberProcedure.input(z.object({ id: playlistId })).mutation(async ({ ctx, input }) => {
    await deletePlaylist({ tenantId: ctx.tenant.id, viewer: ctx.me, playlistId: input.id });
    return { ok: true as const };
  }),

  add: memberProcedure
    .input(z.object({ playlistId, torrentId }))
    .mutation(({ ctx, input }) => addToPlaylist({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  remove: memberProcedure.input(z.object({ playlistId, torrentId })).mutation(async ({ ctx, input }) => {
    await removeFromPlaylist({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input });
    return { ok: true as const };
  }),

  move: memberProcedure
    .input(z.object({ playlistId, torrentId, direction: z.enum(['up', 'down'], { message: 'must be "up" or "down"' }) }))
    .mutation(({ ctx, input }) => movePlaylistItem({ tenantId: ctx.tenant.id, viewer: ctx.me, ...input })),

  /** The owner's cover image as base64 (PNG, JPEG or WebP by content, at most 1 MiB). */
  setCover: memberProcedure
    .input(
      z.object({
        id: playlistId,
        imageBase64: z
          .string({ message: 'must be the image as base64' })
          .max(Math.ceil((COVER_MAX_BYTES * 4) / 3) + 1024, 'must be at most 1 MiB')
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64 (A-Z, a-z, 0-9, +, /)'),
      }),
    )
    .mutation(({ ctx, input }) => {
      const bytes = Buffer.from(input.imageBase64, 'base64');
      if (bytes.length > COVER_MAX_BYTES) throw new AppError('BAD_REQUEST', 'cover: must be at most 1 MiB', { fields: { cover: 'too large' } });
      return setPlaylistCover({ tenantId: ctx.tenant.id, viewer: ctx.me, playlistId: input.id, bytes });
    }),

  removeCover: memberProcedure.input(z.object({ id: playlistId })).mutation(async ({ ctx, input }) => {
    await removePlaylistCover({ tenantId: ctx.tenant.id, viewer: ctx.me, playlistId: input.id });
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
