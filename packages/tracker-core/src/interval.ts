// BEP 3 `interval` with ±10% jitter so clients that started together drift apart
// instead of announcing in lockstep; `min interval` is never undercut.

/** `random` returns [0, 1) like Math.random; injected so tests are exact. */
export function jitteredInterval(
  announceIntervalSeconds: number,
  minAnnounceIntervalSeconds: number,
  random: () => number,
): number {
  const factor = 0.9 + 0.2 * random();
  return Math.max(minAnnounceIntervalSeconds, Math.round(announceIntervalSeconds * factor));
}
