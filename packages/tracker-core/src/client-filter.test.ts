import { describe, expect, it } from 'vitest';
import { clientRefusal, peerIdPrefix } from './client-filter.js';

const qbittorrent = Buffer.from('-qB4650-abcdefghijkl', 'latin1').toString('hex');
const transmission = Buffer.from('-TR4050-abcdefghijkl', 'latin1').toString('hex');
const binaryPeerId = 'ff00'.repeat(10);

describe('peerIdPrefix', () => {
  it('decodes the leading bytes of a hex peer id', () => {
    expect(peerIdPrefix(qbittorrent, 3)).toBe('-qB');
  });
});

describe('clientRefusal', () => {
  it('allows every client when both lists are empty', () => {
    expect(clientRefusal(binaryPeerId, [], [])).toBeUndefined();
  });

  it('refuses a deny-list match even when the allow list matches too', () => {
    expect(clientRefusal(qbittorrent, ['-qB'], ['-qB4650'])).toMatch(/client banned \(-qB4650-\)/);
  });

  it('refuses clients missing from a non-empty allow list', () => {
    expect(clientRefusal(qbittorrent, ['-qB'], [])).toBeUndefined();
    expect(clientRefusal(transmission, ['-qB'], [])).toMatch(/client not allowed \(-TR4050-\)/);
    expect(clientRefusal(binaryPeerId, ['-qB'], [])).toMatch(/not allowed \(\?\?\?\?\?\?\?\?\)/);
  });
});
