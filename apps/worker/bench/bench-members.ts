// The benches' members: `count` rows in one INSERT … SELECT generate_series, names and
// keys derived from `salt` (unique per run).
import { systemClient } from '@swarmhost/db/system';

export async function insertBenchMembers(tenantId: string, salt: string, count: number): Promise<void> {
  await systemClient().$executeRawUnsafe(
    `INSERT INTO members (tenant_id, username, email, password_hash, passkey, rss_key)
     SELECT $1::uuid, 'bench' || g, 'bench' || g || '@example.org', 'not-a-login', md5('pk' || $2 || g), md5('rss' || $2 || g)
     FROM generate_series(1, $3::int) g`,
    tenantId,
    salt,
    count,
  );
}
