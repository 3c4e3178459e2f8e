// What a member still owes on a download under the hit-and-run rules, in words: either
// more seed time or a higher ratio on that torrent clears it ("seed 36 h more on X or
// reach ratio 1.00 on it"). Pure, shared by the profile, the staff page and notifications.

export interface Shortfall {
  seedSeconds: number;
  requiredSeedSeconds: number;
  uploadedBytes: number;
  downloadedBytes: number;
  minRatio: number;
}

/** Hours still to seed, rounded up (a member who owes 1 second owes "1 h"). */
export function missingSeedHours(shortfall: Pick<Shortfall, 'seedSeconds' | 'requiredSeedSeconds'>): number {
  return Math.max(0, Math.ceil((shortfall.requiredSeedSeconds - shortfall.seedSeconds) / 3600));
}

/** The torrent's ratio (uploaded / downloaded), null when nothing was downloaded. */
export function torrentRatio(shortfall: Pick<Shortfall, 'uploadedBytes' | 'downloadedBytes'>): number | null {
  return shortfall.downloadedBytes > 0 ? shortfall.uploadedBytes / shortfall.downloadedBytes : null;
}

/** "seed 36 h more on Debian ISO (or reach ratio 1.00 on it; it is 0.12)". */
export function describeShortfall(shortfall: Shortfall, torrentName: string): string {
  const hours = missingSeedHours(shortfall);
  const ratio = torrentRatio(shortfall);
  const seed = `seed ${hours} h more on ${torrentName}`;
  if (shortfall.minRatio <= 0) return seed;
  return `${seed} (or reach ratio ${shortfall.minRatio.toFixed(2)} on it; it is ${(ratio ?? 0).toFixed(2)})`;
}
