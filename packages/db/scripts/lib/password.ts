// argon2id hashes for seeded accounts, with the parameters @swarmhost/auth uses (OWASP:
// 19 MiB, 2 passes), so its verifyPassword accepts them.
import { hash } from '@node-rs/argon2';

// Algorithm.Argon2id of the library's const enum, which isolated modules cannot import.
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}
