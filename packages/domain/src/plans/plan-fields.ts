// What a plan is made of, checked in one place for the console, the API and the CLI:
// each limit a whole number in a range the tracker and the database accept (the
// migration's checks repeat the ranges so a bug cannot store anything else).
import { z } from 'zod';
import { MAX_TORRENT_FILE_BYTES } from '../torrents/register-torrent';

const whole = (what: string, min: number, max: number) =>
  z
    .number({ message: `${what}: enter a number` })
    .int(`${what}: use a whole number`)
    .min(min, `${what}: must be at least ${min.toLocaleString('en')}`)
    .max(max, `${what}: must be at most ${max.toLocaleString('en')}`);

export const MIN_TORRENT_FILE_BYTES = 1024;
/** What the migration gave every plan (plans.searches_per_second's default). */
export const DEFAULT_SEARCHES_PER_SECOND = 20;
/** A plan cannot allow more than the site accepts at all (register-torrent.ts). */
export const MAX_TORRENT_FILE_BYTES_LIMIT = MAX_TORRENT_FILE_BYTES;

export const planFieldsSchema = z.object({
  name: z.string().trim().min(1, 'name: enter a name').max(60, 'name: use at most 60 characters'),
  maxMembers: whole('max members', 1, 10_000_000),
  maxTorrents: whole('max torrents', 1, 100_000_000),
  announcesPerSecond: whole('announces per second', 1, 1_000_000),
  /** The site's search budget for the whole community (search-guard.ts); 20 when not given. */
  searchesPerSecond: whole('searches per second', 1, 1_000_000).default(DEFAULT_SEARCHES_PER_SECOND),
  /** Largest .torrent file accepted: what the platform stores for each upload. */
  maxTorrentFileBytes: whole('max .torrent file size', MIN_TORRENT_FILE_BYTES, MAX_TORRENT_FILE_BYTES_LIMIT),
  /** Largest content one torrent may describe (sum of its files); null: no limit. */
  maxContentBytes: whole('max content size', 1, Number.MAX_SAFE_INTEGER).nullable(),
  priceLabel: z.string().trim().max(60, 'price label: use at most 60 characters'),
  active: z.boolean(),
});

export type PlanFields = z.infer<typeof planFieldsSchema>;

export interface PlanView extends PlanFields {
  id: string;
  isDefault: boolean;
  tenantCount: number;
}
