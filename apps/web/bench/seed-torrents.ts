// Seeds a bench tenant with many approved torrents fast, in SQL (INSERT … SELECT over
// generate_series, a few chunks), with realistic, varied names so full-text and
// trigram search do real work: "<title words> <year> <resolution> <codec>-<group>",
// scene-style dotted names, music and software releases. Statistics (size, seeders,
// snatches, age, freeleech), categories, tags and some histories of the first member
// are spread so every sort and filter of the list has something to do. Deterministic
// for a given count (setseed), so runs are comparable.
import type { DbClient } from '@swarmhost/db';

export const TITLE_WORDS = [
  'silent', 'harbor', 'crimson', 'echo', 'midnight', 'garden', 'iron', 'river', 'frozen', 'empire', 'broken', 'signal',
  'golden', 'shadow', 'northern', 'lights', 'last', 'summer', 'paper', 'moon', 'hidden', 'valley', 'electric', 'dreams',
  'wild', 'horizon', 'glass', 'castle', 'desert', 'storm', 'velvet', 'night', 'distant', 'shore', 'burning', 'bridge',
  'lonely', 'planet', 'secret', 'agent', 'ocean', 'deep', 'falling', 'star', 'winter', 'wolves', 'city', 'ghosts',
  'black', 'mirror', 'quiet', 'forest', 'red', 'dawn', 'blue', 'line', 'white', 'noise', 'green', 'mile', 'orbit',
  'station', 'copper', 'canyon', 'amber', 'fields', 'atlas', 'rising', 'hollow', 'crown', 'seventh', 'seal', 'machine',
  'heart', 'stone', 'garden', 'kingdom', 'come', 'neon', 'sunset', 'wired', 'minds', 'tidal', 'wave', 'cold', 'fire',
  'paradise', 'lost', 'second', 'chance', 'long', 'road', 'home', 'strange', 'days', 'open', 'water', 'small', 'world',
];
const FAMOUS = [
  'Sintel', 'Big Buck Bunny', 'Tears of Steel', 'Elephants Dream', 'Cosmos Laundromat', 'Spring', 'Agent 327',
  'Caminandes', 'Glass Half', 'Hero', 'Charge', 'Sprite Fright', 'Coffee Run', 'Night of the Living Dead',
  'Nosferatu', 'Metropolis', 'The General', 'Sherlock Jr', 'His Girl Friday', 'Plan 9 from Outer Space',
];
const DISTROS = ['ubuntu', 'debian', 'fedora', 'archlinux', 'linuxmint', 'opensuse', 'kali', 'manjaro', 'alpine', 'rocky'];
const RESOLUTIONS = ['480p', '720p', '1080p', '2160p'];
const CODECS = ['x264', 'x265', 'HEVC', 'AV1', 'XviD', 'VP9'];
const SOURCES = ['BluRay', 'WEB-DL', 'WEBRip', 'HDTV', 'DVDRip', 'REMUX'];
const GROUPS = ['FLUX', 'NTb', 'SPARKS', 'YTS', 'RARBG', 'GECKOS', 'AMIABLE', 'CMRG', 'NOGRP', 'KOGi', 'TEPES', 'SiGMA'];
const AUDIO = ['FLAC', 'MP3 320', 'MP3 V0', 'AAC', 'ALAC', 'OPUS'];
const TAGS = [
  'hdr', 'dolby-vision', 'atmos', 'remastered', 'criterion', 'documentary', 'animation', 'comedy', 'drama', 'horror',
  'sci-fi', 'thriller', 'classic', 'public-domain', 'creative-commons', 'open-source', 'linux', 'live', 'lossless',
  'vinyl', 'soundtrack', 'jazz', 'rock', 'electronic', 'indie', 'retro', 'strategy', 'puzzle', 'ebook', 'audiobook',
];

function sqlArray(values: readonly string[]): string {
  return `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

/** Inserts `count` approved torrents (plus tags and histories) into the tenant. */
export async function seedBenchTorrents(options: {
  db: DbClient;
  tenantId: string;
  count: number;
  chunk?: number;
  onProgress?: (done: number) => void;
}): Promise<void> {
  const { db, tenantId, count } = options;
  const chunk = options.chunk ?? 20_000;
  await db.tag.createMany({ data: TAGS.map((name) => ({ tenantId, name })), skipDuplicates: true });
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk) - 1;
    // One session per chunk: setseed keeps the names the same from run to run.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT setseed(${((start / chunk) % 1000) / 1000})`);
      await tx.$executeRawUnsafe(
        `
        WITH words AS (
          SELECT ${sqlArray(TITLE_WORDS)} AS title, ${sqlArray(FAMOUS)} AS famous, ${sqlArray(DISTROS)} AS distros,
                 ${sqlArray(RESOLUTIONS)} AS res, ${sqlArray(CODECS)} AS codecs, ${sqlArray(SOURCES)} AS sources,
                 ${sqlArray(GROUPS)} AS grps, ${sqlArray(AUDIO)} AS audio
        ), cats AS (
          SELECT array_agg(id ORDER BY position, slug) AS ids FROM categories WHERE tenant_id = $1::uuid
        ), uploaders AS (
          SELECT array_agg(id ORDER BY created_at, id) AS ids FROM members WHERE tenant_id = $1::uuid
        ), base AS (
          SELECT n, random() AS kind, random() AS r1, random() AS r2, random() AS r3,
                 initcap(w.title[1 + floor(random() * array_length(w.title, 1))::int]) AS t1,
                 initcap(w.title[1 + floor(random() * array_length(w.title, 1))::int]) AS t2,
                 initcap(w.title[1 + floor(random() * array_length(w.title, 1))::int]) AS t3,
                 w.famous[1 + floor(random() * array_length(w.famous, 1))::int] AS famous,
                 w.distros[1 + floor(random() * array_length(w.distros, 1))::int] AS distro,
                 w.res[1 + floor(random() * array_length(w.res, 1))::int] AS res,
                 w.codecs[1 + floor(random() * array_length(w.codecs, 1))::int] AS codec,
                 w.sources[1 + floor(random() * array_length(w.sources, 1))::int] AS source,
                 w.grps[1 + floor(random() * array_length(w.grps, 1))::int] AS grp,
                 w.audio[1 + floor(random() * array_length(w.audio, 1))::int] AS audio,
                 (1950 + floor(random() * 76))::int AS year
          FROM generate_series($2::int, $3::int) AS n, words w
        ), named AS (
          SELECT b.*,
                 CASE
                   WHEN kind < 0.40 THEN concat_ws(' ', t1, t2, CASE WHEN r3 < 0.5 THEN t3 END, year, res, source, codec || '-' || grp)
                   WHEN kind < 0.60 THEN replace(concat_ws('.', t1, t2, 'S' || lpad((1 + floor(r1 * 12))::int::text, 2, '0') || 'E' || lpad((1 + floor(r2 * 24))::int::text, 2, '0'), res, source, codec), ' ', '.') || '-' || grp
                   WHEN kind < 0.72 THEN concat_ws(' ', famous, year, res, codec || '-' || grp)
                   WHEN kind < 0.85 THEN concat_ws(' ', t1, t2, '-', t3, t1, '(' || year || ')', '[' || audio || ']')
                   WHEN kind < 0.93 THEN distro || '-' || (10 + floor(r1 * 15))::int || '.' || lpad(floor(r2 * 12)::int::text, 2, '0') || '-' || (ARRAY['desktop','server','netinst','live'])[1 + floor(r3 * 4)::int] || '-' || (ARRAY['amd64','arm64','i386'])[1 + floor(r1 * 3)::int] || '.iso'
                   ELSE concat_ws(' ', t1, t2, 'v' || (1 + floor(r1 * 9))::int || '.' || floor(r2 * 20)::int, (ARRAY['Windows','Linux','macOS'])[1 + floor(r3 * 3)::int])
                 END AS name,
                 CASE
                   WHEN kind < 0.60 THEN CASE WHEN kind < 0.40 THEN 0 ELSE 1 END
                   WHEN kind < 0.72 THEN 0
                   WHEN kind < 0.85 THEN 2
                   WHEN kind < 0.93 THEN 4
                   ELSE 3
                 END AS cat_index
          FROM base b
        )
        INSERT INTO torrents (tenant_id, info_hash, name, description, size, file_count, files, piece_length, torrent_file,
                              category_id, uploader_id, anonymous, status, freeleech_percent, double_upload,
                              seeders, leechers, times_completed, created_at, updated_at, approved_at)
        SELECT $1::uuid,
               left(encode(sha256(($1::text || ':' || n)::bytea), 'hex'), 40),
               name,
               'A ' || lower(t3) || ' release of ' || name || '. Encoded by ' || grp || ', ' || res || ' ' || codec || '.',
               (50 * 1024 * 1024 + floor(power(r1, 2) * 40 * 1024 * 1024 * 1024))::bigint,
               1 + floor(r2 * 40)::int,
               jsonb_build_array(jsonb_build_object('path', jsonb_build_array(name || '.mkv'), 'length', 1)),
               4194304,
               decode(repeat(md5(n::text), 8), 'hex'),
               (SELECT ids[1 + cat_index] FROM cats),
               (SELECT ids[1 + (n % array_length(ids, 1))] FROM uploaders),
               r3 < 0.05,
               'approved',
               CASE WHEN r2 < 0.05 THEN 100 WHEN r2 < 0.10 THEN 50 ELSE 0 END,
               r1 < 0.03,
               floor(power(random(), 6) * 2000)::int,
               floor(power(random(), 6) * 300)::int,
               floor(power(random(), 5) * 20000)::int,
               now() - (random() * interval '1500 days'),
               now(),
               now()
        FROM named`,
        tenantId,
        start,
        end,
      );
    }, { timeout: 600_000 });
    options.onProgress?.(end + 1);
  }
  // Zero to three tags per torrent.
  await db.$executeRawUnsafe(
    `INSERT INTO torrent_tags (tenant_id, torrent_id, tag_id)
     SELECT DISTINCT t.tenant_id, t.id, tags.id
     FROM torrents t
     CROSS JOIN LATERAL generate_series(1, (abs(hashtext(t.id::text)) % 4)) AS k
     JOIN LATERAL (SELECT id FROM tags WHERE tenant_id = t.tenant_id ORDER BY md5(t.id::text || k || id::text) LIMIT 1) tags ON true
     WHERE t.tenant_id = $1::uuid
     ON CONFLICT DO NOTHING`,
    tenantId,
  );
  // The first member seeds or leeches a few hundred torrents (the "mine" filters).
  await db.$executeRawUnsafe(
    `INSERT INTO histories (tenant_id, member_id, torrent_id, active, seeding)
     SELECT t.tenant_id, m.id, t.id, true, (row_number() OVER ()) % 3 <> 0
     FROM (SELECT id FROM members WHERE tenant_id = $1::uuid ORDER BY created_at, id LIMIT 1) m,
          (SELECT tenant_id, id FROM torrents WHERE tenant_id = $1::uuid ORDER BY md5(id::text) LIMIT 600) t
     ON CONFLICT DO NOTHING`,
    tenantId,
  );
  await db.$executeRawUnsafe('ANALYZE torrents');
  await db.$executeRawUnsafe('ANALYZE torrent_tags');
  await db.$executeRawUnsafe('ANALYZE histories');
}
