import type { Command } from '../command';
import { benchSeed } from './bench';
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
  torrentAdd,
  benchSeed,
] as unknown as readonly Command[];
