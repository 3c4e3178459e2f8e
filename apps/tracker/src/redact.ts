// Passkeys are credentials (anyone holding one announces as its member), so they never
// reach a log line: every line the tracker writes passes through `redactPasskeys`, and
// request targets lose their first path segment before they are logged at all.

/** A passkey: 32 hex characters not part of a longer hex run (info hashes are 40). */
const PASSKEY = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;

export const REDACTED = '<passkey>';

export function redactPasskeys(text: string): string {
  return text.replace(PASSKEY, REDACTED);
}

/** `/<anything>/announce?…` → `/<passkey>/announce?…`, capped at 200 characters. */
export function redactTarget(target: string): string {
  const secondSlash = target.indexOf('/', 1);
  const queryStart = target.indexOf('?');
  const pathEnd = queryStart === -1 ? target.length : queryStart;
  const redacted = target.startsWith('/') && secondSlash !== -1 && secondSlash < pathEnd ? `/${REDACTED}${target.slice(secondSlash)}` : target;
  return redactPasskeys(redacted.slice(0, 200));
}
