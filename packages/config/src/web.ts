// The community site's settings (apps/web): where it listens, which host is the
// operator console, how mail leaves, and the shared database/Redis/tracker slices.
import { z } from 'zod';
import { ConfigError, parseEnv, type Environment } from './env';
import { booleanFlag, databaseShape, logShape, port, publicUrlShape, redisShape } from './schemas';
import { checkSearchConfig, searchShape } from './search';
import { TrustedProxies } from './trusted-proxies';

export const webShape = {
  ...databaseShape,
  ...redisShape,
  ...logShape,
  ...publicUrlShape,
  ...searchShape,
  WEB_PORT: port.default(3000),
  /** Socket.io emitter key for notifications and chat system messages; the gateway's REALTIME_ADAPTER_KEY. */
  REALTIME_ADAPTER_KEY: z.string().min(1).default('socket.io'),
  /**
   * "https" in production (required there): cookies become Secure with the __Host-
   * prefix, HSTS is sent, mailed links and the WebAuthn origin use https.
   */
  WEB_PROTOCOL: z.enum(['http', 'https'], { message: 'must be "http" or "https"' }).default('http'),
  /** Lets a production-mode run (`next start` on a laptop, scripts/up.sh) use plain http. */
  ALLOW_INSECURE_HTTP: booleanFlag.default(false),
  /**
   * "outbox" keeps mails in Redis and shows them on /dev/outbox (local runs, also under
   * `next start`); "smtp" sends them through SMTP_URL. Default: smtp when SMTP_URL is
   * set, else outbox — except in production, where it must be chosen explicitly.
   */
  MAIL_TRANSPORT: z.enum(['outbox', 'smtp'], { message: 'must be "outbox" or "smtp"' }).optional(),
  /**
   * Lets a production-mode run keep the outbox (scripts/up.sh on a laptop). The page
   * still answers only loopback clients and shows only the requesting site's mails.
   */
  ALLOW_DEV_OUTBOX: booleanFlag.default(false),
  /** smtp://user:pass@host:587 — required when MAIL_TRANSPORT=smtp. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3, 'must be an address such as "Swarmhost <noreply@example.org>"').default('Swarmhost <noreply@swarmhost.local>'),
  /** Logins allowed per account and per IP address in LOGIN_RATE_WINDOW_SECONDS. */
  LOGIN_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1, 'must be at least 1').default(5),
  LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1, 'must be at least 1').default(30),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1, 'must be at least 1').default(900),
  /**
   * How long a torrent list or search page (the same for every member of a tenant) is
   * reused by a site process; a torrent or tenant change drops it at once. 0: off.
   */
  WEB_PAGE_CACHE_MS: z.coerce.number().int().min(0, 'must be 0 (off) or more milliseconds').max(60_000, 'must be at most 60000 ms').default(2000),
  /**
   * The search lane: another site process (same build) that serves the site's searches
   * (torrent, forum and request searches, Torznab and API queries with text). Set on the
   * site process members reach, it passes those requests on to this address, so one
   * community's search flood runs on the lane's event loop, not on the one serving
   * everyone's pages. Unset or empty: every request is served here. A plain http:// origin.
   */
  WEB_SEARCH_LANE_URL: z
    .string()
    .transform((value, context): string | undefined => {
      if (value.trim() === '') return undefined;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be an http:// origin such as http://127.0.0.1:3001' });
        return z.NEVER;
      }
      if (url.protocol !== 'http:' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
        context.addIssue({ code: 'custom', message: 'must be an http:// origin (no path, query or credentials) such as http://127.0.0.1:3001' });
        return z.NEVER;
      }
      return url.origin;
    })
    .optional(),
  /**
   * Reverse proxies in front of the site (comma-separated addresses or CIDR ranges, such
   * as a load balancer's subnets) whose last X-Forwarded-For hop names the client; from
   * any other peer the connection's own address counts. Default: loopback (a proxy on
   * the same machine).
   */
  WEB_TRUSTED_PROXIES: z
    .string()
    .transform((value, context) => {
      const entries = value.split(',').map((item) => item.trim()).filter(Boolean);
      try {
        new TrustedProxies(entries);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
      return entries;
    })
    .default(['127.0.0.1', '::1']),
};

export type WebConfig = Omit<z.infer<z.ZodObject<typeof webShape>>, 'MAIL_TRANSPORT'> & { MAIL_TRANSPORT: 'outbox' | 'smtp' };

export function loadWebConfig(source?: Environment): WebConfig {
  const parsed = checkSearchConfig(parseEnv(webShape, source));
  if (!parsed.MAIL_TRANSPORT && !parsed.SMTP_URL && parsed.NODE_ENV === 'production') {
    // An implicit outbox in production would publish password-reset links on /dev/outbox.
    throw new ConfigError(
      'Invalid environment:\n  SMTP_URL: must be set in production so mail is sent (or MAIL_TRANSPORT=outbox with ALLOW_DEV_OUTBOX=1 for a private local run) (unset)',
    );
  }
  const config: WebConfig = { ...parsed, MAIL_TRANSPORT: parsed.MAIL_TRANSPORT ?? (parsed.SMTP_URL ? 'smtp' : 'outbox') };
  if (config.MAIL_TRANSPORT === 'smtp' && !config.SMTP_URL) {
    throw new ConfigError('Invalid environment:\n  SMTP_URL: must be set when MAIL_TRANSPORT=smtp (unset)');
  }
  if (config.MAIL_TRANSPORT === 'outbox' && config.SMTP_URL && config.NODE_ENV === 'production') {
    // The outbox page would publish every mail (reset links too) instead of sending it.
    throw new ConfigError('Invalid environment:\n  MAIL_TRANSPORT: must be "smtp" in production when SMTP_URL is set (got "outbox")');
  }
  if (config.MAIL_TRANSPORT === 'outbox' && config.NODE_ENV === 'production' && !config.ALLOW_DEV_OUTBOX) {
    // Verification and reset links would sit on a web page instead of in inboxes.
    throw new ConfigError(
      'Invalid environment:\n  MAIL_TRANSPORT: "outbox" is refused when NODE_ENV=production; set SMTP_URL (and MAIL_TRANSPORT=smtp), or ALLOW_DEV_OUTBOX=1 for a private local run (got "outbox")',
    );
  }
  if (config.WEB_PROTOCOL !== 'https' && config.NODE_ENV === 'production' && !config.ALLOW_INSECURE_HTTP) {
    // Session cookies without Secure, http links in mails and an http WebAuthn origin.
    throw new ConfigError(
      `Invalid environment:\n  WEB_PROTOCOL: must be "https" when NODE_ENV=production, or set ALLOW_INSECURE_HTTP=1 for a local run over plain http (got "${config.WEB_PROTOCOL}")`,
    );
  }
  return config;
}

/** The /dev/outbox page exists exactly when mails go to the outbox instead of SMTP. */
export function devOutboxEnabled(config: Pick<WebConfig, 'MAIL_TRANSPORT'>): boolean {
  return config.MAIL_TRANSPORT === 'outbox';
}
