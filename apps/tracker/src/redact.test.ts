import { describe, expect, it } from 'vitest';
import { createLogger } from './log';
import { redactTarget } from './redact';

const passkey = '0123456789abcdef0123456789ABCDEF';

describe('passkey redaction', () => {
  it('drops the passkey segment of a request target, whatever it looks like', () => {
    expect(redactTarget(`/${passkey}/announce?info_hash=%aa&left=0`)).toBe('/<passkey>/announce?info_hash=%aa&left=0');
    expect(redactTarget('/not-a-real-key/scrape?info_hash=%aa')).toBe('/<passkey>/scrape?info_hash=%aa');
    expect(redactTarget('/healthz')).toBe('/healthz');
  });

  it('removes passkeys from every logged field, keeping 40-hex info hashes and uuids', () => {
    const lines: string[] = [];
    const log = createLogger('warn', {}, (line) => lines.push(line));
    const infoHash = 'ab'.repeat(20);
    log.error('cache load failed', { key: `p:${passkey}`, error: new Error(`no member for ${passkey}`), infoHash, memberId: '3f2b0c1e-0000-4000-8000-000000000001' });
    expect(lines.join('')).not.toMatch(new RegExp(passkey, 'i'));
    expect(lines.join('')).toContain(infoHash);
    expect(lines.join('')).toContain('3f2b0c1e-0000-4000-8000-000000000001');
    expect(lines.join('')).toContain('p:<passkey>');
  });
});
