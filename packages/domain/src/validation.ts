// Field rules shared by use cases, each failing with an AppError that names the field.
import { AppError } from './errors';

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** Sub-domains the platform keeps for itself. */
const RESERVED_SLUGS = new Set([
  'www', 'api', 'admin', 'console', 'tracker', 'static', 'assets', 'mail', 'realtime', 'status',
  'start', 'signup', 'login', 'app', 'dashboard', 'docs', 'help', 'support', 'billing', 'blog', 'cdn', 'smtp', 'imap', 'ftp', 'ns1', 'ns2',
]);

/** Whether the platform keeps this sub-domain for itself (the sign-up's live check says so before submitting). */
export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}
const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug)) {
    throw new AppError(
      'BAD_REQUEST',
      `invalid slug "${slug}": use 1-40 lowercase letters, digits and hyphens, not starting or ending with a hyphen`,
    );
  }
  if (RESERVED_SLUGS.has(slug)) {
    throw new AppError('BAD_REQUEST', `slug "${slug}" is reserved by the platform; choose another`);
  }
  return slug;
}

export function checkTenantName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 80) {
    throw new AppError('BAD_REQUEST', 'tenant name must be 2-80 characters');
  }
  return trimmed;
}

export function checkUsername(username: string): string {
  if (!USERNAME_PATTERN.test(username)) {
    throw new AppError(
      'BAD_REQUEST',
      `invalid username "${username}": use 3-32 letters, digits, dots, hyphens or underscores`,
    );
  }
  return username;
}

export function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (!EMAIL_PATTERN.test(trimmed) || trimmed.length > 254) {
    throw new AppError('BAD_REQUEST', `invalid e-mail address "${email}"`);
  }
  return trimmed;
}
