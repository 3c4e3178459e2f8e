// Members' announce URLs: <PUBLIC_TRACKER_URL>/<passkey>/announce. The tracker needs
// no host routing: the passkey alone identifies tenant and member.
export function announceUrl(trackerBaseUrl: string, passkey: string): string {
  return `${trackerBaseUrl.replace(/\/+$/, '')}/${passkey}/announce`;
}

/** The URL stored in a tenant's copy of a torrent before a member's passkey is stamped in. */
export function genericAnnounceUrl(trackerBaseUrl: string): string {
  return `${trackerBaseUrl.replace(/\/+$/, '')}/announce`;
}
