// Names a BitTorrent client from the first bytes of its peer id (BEP 20 conventions):
// Azureus style "-qB4630-" (two letters, four version characters) and Mainline style
// "M7-4-0--" / aria2's "A2-1-37-0-". Unknown or random ids give null.
const AZUREUS_CLIENTS: Record<string, string> = {
  qB: 'qBittorrent',
  TR: 'Transmission',
  UT: 'µTorrent',
  UM: 'µTorrent Mac',
  LT: 'libtorrent',
  lt: 'rTorrent',
  DE: 'Deluge',
  AZ: 'Vuze',
  BI: 'BiglyBT',
  KT: 'KTorrent',
  FD: 'Free Download Manager',
  WW: 'WebTorrent',
  BT: 'BitTorrent',
  TX: 'Tixati',
  PI: 'PicoTorrent',
};

const MAINLINE_CLIENTS: Record<string, string> = { M: 'BitTorrent', A2: 'aria2', T: 'BitTornado', Q: 'Queen Bee' };

function azureusVersion(raw: string): string {
  // Digits, each one version part ("4630" → 4.6.3); trailing zero parts dropped.
  const parts = raw.split('').map((char) => (/[0-9]/.test(char) ? String(Number(char)) : char.toUpperCase()));
  while (parts.length > 2 && parts.at(-1) === '0') parts.pop();
  return parts.join('.');
}

export function clientFromPeerId(peerId: Uint8Array): string | null {
  const text = Buffer.from(peerId.subarray(0, 12)).toString('latin1');
  const azureus = /^-([A-Za-z~]{2})([0-9A-Za-z]{4})-/.exec(text);
  if (azureus) {
    const [, code = '', version = ''] = azureus;
    const name = AZUREUS_CLIENTS[code];
    return name ? `${name} ${azureusVersion(version)}` : null;
  }
  const mainline = /^(A2|[A-Z])-?(\d+(?:-+\d+)*)-/.exec(text);
  if (mainline) {
    const [, code = '', version = ''] = mainline;
    const name = MAINLINE_CLIENTS[code];
    return name ? `${name} ${version.split(/-+/).join('.')}` : null;
  }
  return null;
}
