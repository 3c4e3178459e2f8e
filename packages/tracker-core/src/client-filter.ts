// Private trackers whitelist BitTorrent clients by the peer_id prefix their authors
// publish (BEP 20, e.g. "-qB4650-", "-TR4050-"); staff list prefixes as ASCII.

/** The first `length` bytes of a hex peer id as a latin1 string (one char per byte). */
export function peerIdPrefix(peerIdHex: string, length: number): string {
  return Buffer.from(peerIdHex.slice(0, length * 2), 'hex').toString('latin1');
}

/** Longest prefix any list holds, so one decode serves every comparison. */
function longestPrefix(lists: readonly (readonly string[])[]): number {
  let longest = 0;
  for (const list of lists) for (const prefix of list) longest = Math.max(longest, prefix.length);
  return Math.min(longest, 20);
}

/**
 * Why a client is refused, or undefined when it may announce: a deny-list match wins;
 * a non-empty allow list must match.
 */
export function clientRefusal(
  peerIdHex: string,
  allowList: readonly string[],
  denyList: readonly string[],
): string | undefined {
  if (allowList.length === 0 && denyList.length === 0) return undefined;
  const head = peerIdPrefix(peerIdHex, longestPrefix([allowList, denyList]));
  const printable = describePeerId(peerIdHex);
  if (denyList.some((prefix) => head.startsWith(prefix))) {
    return `client banned (${printable}): use a client this community allows`;
  }
  if (allowList.length > 0 && !allowList.some((prefix) => head.startsWith(prefix))) {
    return `client not allowed (${printable}): use a client this community allows`;
  }
  return undefined;
}

/** The client tag for messages: the first 8 bytes, non-printable bytes as '?'. */
function describePeerId(peerIdHex: string): string {
  return peerIdPrefix(peerIdHex, 8).replace(/[^\x20-\x7e]/g, '?');
}
