// @swarmhost/db/system: the system role (BYPASSRLS) for cross-tenant work — jobs, the
// operator CLI and console, the tracker's ledger flusher. Import it only there.
import { sharedClient } from './shared-clients';

/** The shared system-role client: sees and writes every tenant's rows. */
export function systemClient() {
  return sharedClient('system');
}

export { disconnectAll } from './shared-clients';
