import { describe, expect, it } from 'vitest';
import { clientFromPeerId } from './peer-client';

const id = (prefix: string) => Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.alloc(20 - prefix.length, 0x41)]);

describe('clientFromPeerId', () => {
  it('names Azureus-style and Mainline-style clients', () => {
    expect(clientFromPeerId(id('-qB4630-'))).toBe('qBittorrent 4.6.3');
    expect(clientFromPeerId(id('-TR4050-'))).toBe('Transmission 4.0.5');
    expect(clientFromPeerId(id('-LT2090-'))).toBe('libtorrent 2.0.9');
    expect(clientFromPeerId(id('A2-1-37-0-'))).toBe('aria2 1.37.0');
    expect(clientFromPeerId(id('M7-4-0--'))).toBe('BitTorrent 7.4.0');
  });

  it('gives null for unknown or random peer ids', () => {
    expect(clientFromPeerId(id('-ZZ1000-'))).toBeNull();
    expect(clientFromPeerId(Buffer.alloc(20, 0xff))).toBeNull();
  });
});
