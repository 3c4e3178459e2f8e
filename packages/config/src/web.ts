// The community site's settings (apps/web): where it listens, which host is the
// operator console, how mail leaves, and the shared database/Redis/tracker slices.
import { z } from 'zod';
import { ConfigError, parseEnv, type Environment } from './env';
import { databaseShape, logShape, port, publicUrlShape, redisShape } from './schemas';

export const webShape = {
  ...databaseShape,
  ...redisShape,
  ...logShape,
  ...publicUrlShape,
  WEB_PORT: port.default(3000),
  /**
   * The tracker's Redis key prefix (apps/tracker reads the same variable), so torrent
   * pages find its swarms. Default: tracker-core's "tracker:".
   */
  TRACKER_KEY_PREFIX: z.string().min(1).refine((value) => !/[{}]/.test(value), 'must not contain braces').default('tracker:'),
  /** "https" in production: cookies become Secure and HSTS is sent. */
  WEB_PROTOCOL: z.enum(['http', 'https'], { message: 'must be "http" or "https"' }).default('http'),
  /** "outbox" keeps mails in Redis for the dev outbox page; "smtp" sends them through SMTP_URL. */
  MAIL_TRANSPORT: z.enum(['outbox', 'smtp'], { message: 'must be "outbox" or "smtp"' }).default('outbox'),
  /** smtp://user:pass@host:587 — required when MAIL_TRANSPORT=smtp. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3, 'must be an address such as "Swarmhost <noreply@example.org>"').default('Swarmhost <noreply@swarmhost.local>'),
  /** Logins allowed per account and per IP address in LOGIN_RATE_WINDOW_SECONDS. */
  LOGIN_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1, 'must be at least 1').default(5),
  LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1, 'must be at least 1').default(30),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1, 'must be at least 1').default(900),
};

export type WebConfig = z.infer<z.ZodObject<typeof webShape>>;

export function loadWebConfig(source?: Environment): WebConfig {
  const config = parseEnv(webShape, source);
  if (config.MAIL_TRANSPORT === 'smtp' && !config.SMTP_URL) {
    throw new ConfigError('Invalid environment:\n  SMTP_URL: must be set when MAIL_TRANSPORT=smtp (unset)');
  }
  return config;
}
