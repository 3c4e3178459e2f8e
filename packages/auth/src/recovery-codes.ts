// One-time recovery codes that stand in for a lost TOTP device. Stored as argon2id
// hashes; using one removes it.
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password';

const CODE_COUNT = 10;
// No 0/O/1/I/L so a code read off paper is typed right.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function newCode(): string {
  const bytes = randomBytes(10);
  const characters = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return `${characters.slice(0, 5)}-${characters.slice(5)}`;
}

export function normaliseRecoveryCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}

export async function createRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: CODE_COUNT }, newCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(code)));
  return { codes, hashes };
}

/** The stored hashes left after using `input`, or undefined when it matches none. */
export async function consumeRecoveryCode(hashes: readonly string[], input: string): Promise<string[] | undefined> {
  const code = normaliseRecoveryCode(input);
  for (const [index, stored] of hashes.entries()) {
    if (await verifyPassword(stored, code)) return hashes.filter((_, other) => other !== index);
  }
  return undefined;
}
