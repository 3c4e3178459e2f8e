// How the benches run the site: the built production entry with the node flags that
// `pnpm start`, scripts/start.sh and the image give it (a 16 MiB young generation, no memory reducer: see
// the README, "Noisy neighbour, the site"). Change the flag there and here together.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SITE_ENTRY = join(WEB_ROOT, '.next/standalone/apps/web/site-server.mjs');
export const SITE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--no-memory-reducer'];
