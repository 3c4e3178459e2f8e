// IMDb and TMDB ids on a torrent: what *arr apps search by (Torznab imdbid/tmdbid) and
// what they read back from results. An IMDb id is "tt" and 7-10 digits (a pasted IMDb
// title address is accepted and reduced to its id); a TMDB id is a positive integer.
import { AppError } from '../errors';

export const IMDB_ID_PATTERN = /^tt\d{7,10}$/;
const TMDB_MAX = 2_147_483_647;

/** "tt0111161" (also from " TT0111161 " or "https://www.imdb.com/title/tt0111161/"), null for empty; BAD_REQUEST otherwise. */
export function parseImdbId(value: string | null | undefined): string | null {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return null;
  const fromUrl = /^https?:\/\/(?:www\.|m\.)?imdb\.com\/title\/(tt\d+)\/?(?:[?#].*)?$/.exec(text)?.[1];
  const id = fromUrl ?? text;
  if (!IMDB_ID_PATTERN.test(id)) throw new AppError('BAD_REQUEST', `the IMDb id must be "tt" followed by 7 to 10 digits, like tt0111161 (got "${String(value).trim().slice(0, 40)}")`);
  return id;
}

/** A positive whole number (from a number or its digits), null for empty; BAD_REQUEST otherwise. */
export function parseTmdbId(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > TMDB_MAX) {
    throw new AppError('BAD_REQUEST', `the TMDB id must be a positive whole number, like 278 (got "${text.slice(0, 40)}")`);
  }
  return Number(text);
}
