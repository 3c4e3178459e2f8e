// A swarm is one torrent inside one tenant, named "<tenantId>:<infoHash>" in drains,
// snapshots and the tracker's shard assignment.

const INFO_HASH = /^[0-9a-f]{40}$/;

export function swarmId(tenantId: string, infoHash: string): string {
  return `${tenantId}:${infoHash}`;
}

/** The info hash is always the last 40 characters, so tenant ids may contain ':'. */
export function parseSwarmId(id: string): { tenantId: string; infoHash: string } {
  return { tenantId: id.slice(0, -41), infoHash: id.slice(-40) };
}

/** Tenant ids must not contain braces (they would break the hash tag) and may not be empty. */
export function assertSwarmParts(tenantId: string, infoHash: string): void {
  if (tenantId.length === 0 || tenantId.includes('{') || tenantId.includes('}')) {
    throw new Error(`invalid tenant id ${JSON.stringify(tenantId)}: non-empty, without braces`);
  }
  if (!INFO_HASH.test(infoHash)) {
    throw new Error(`invalid info hash ${JSON.stringify(infoHash)}: 40 lowercase hex characters`);
  }
}
