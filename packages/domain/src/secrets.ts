// Random secrets members carry in URLs: passkeys (announce) and RSS keys, 128 bits as
// 32 lowercase hex characters.
import { randomBytes } from 'node:crypto';

export function newPasskey(): string {
  return randomBytes(16).toString('hex');
}

export const newRssKey = newPasskey;
