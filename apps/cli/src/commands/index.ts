import type { Command } from '../command';
import { benchSeed } from './bench';
import { userDownloadRights } from './download-rights';
import { ledgerDeadLetters } from './ledger';
import { searchReindex } from './search';
import { tenantCreate, tenantList, tenantResume, tenantSuspend } from './tenant';
import { torrentAdd } from './torrent';
import { userCreate, userRotatePasskey } from './user';

export const commands = [
  tenantCreate,
  tenantList,
  tenantSuspend,
  tenantResume,
  userCreate,
  userRotatePasskey,
  userDownloadRights,
  torrentAdd,
  benchSeed,
  ledgerDeadLetters,
  searchReindex,
] as unknown as readonly Command[];
