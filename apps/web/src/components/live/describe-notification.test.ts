import { describe, expect, it } from 'vitest';
import { describeNotification } from './describe-notification';

const notification = (kind: string, payload: Record<string, unknown>) => ({ id: 'n1', kind, payload, createdAt: '2026-12-06T08:00:00.000Z', readAt: null });

describe('describeNotification: hit-and-run', () => {
  it('says what is missing before the deadline, what was short at the warning, and names the torrent', () => {
    expect(
      describeNotification(
        notification('hit_and_run.prewarning', { torrentName: 'Debian ISO', seedSeconds: 36 * 3600 + 1, requiredSeedSeconds: 72 * 3600, deadlineAt: '2026-12-08T10:30:00+00:00' }),
      ),
    ).toBe('Hit-and-run: seed "Debian ISO" 36 h more before 2026-12-08 10:30 UTC, or you get a warning');
    expect(
      describeNotification(notification('hit_and_run.warning', { torrentName: 'Debian ISO', seedSeconds: 12 * 3600, requiredSeedSeconds: 72 * 3600, expiresAt: '2026-12-20T08:00:00+00:00' })),
    ).toBe('Hit-and-run warning on "Debian ISO" (seeded 12 h of 72 h); it expires 2026-12-20');
    expect(describeNotification(notification('hit_and_run.expired', { torrentName: 'Debian ISO' }))).toBe('Your hit-and-run warning on "Debian ISO" expired');
    expect(describeNotification(notification('hit_and_run.pardoned', { torrentName: 'Debian ISO', reason: 'tracker outage' }))).toBe(
      'Staff pardoned your hit-and-run warning on "Debian ISO": tracker outage',
    );
  });
});

describe('describeNotification: reports and tickets', () => {
  it("gives the report's outcome with staff's note, and names who answered a ticket", () => {
    expect(describeNotification(notification('report.closed', { status: 'resolved', targetType: 'comment', targetLabel: 'spammy: cheap invites', note: 'Removed.' }))).toBe(
      'Staff resolved your report on comment "spammy: cheap invites": Removed.',
    );
    expect(describeNotification(notification('report.closed', { status: 'dismissed', targetType: 'torrent', targetLabel: 'Debian ISO', note: 'Not a dupe.' }))).toBe(
      'Staff dismissed your report on torrent "Debian ISO": Not a dupe.',
    );
    expect(describeNotification(notification('ticket.reply', { ticketId: 't1', subject: 'Lost points', staffUsername: 'sam' }))).toBe('sam replied to your ticket "Lost points"');
    expect(describeNotification(notification('ticket.status', { ticketId: 't1', subject: 'Lost points', from: 'open', status: 'closed', staffUsername: 'sam' }))).toBe('sam closed your ticket "Lost points"');
    expect(describeNotification(notification('ticket.status', { ticketId: 't1', subject: 'Lost points', from: 'closed', status: 'open', staffUsername: 'sam' }))).toBe('sam reopened your ticket "Lost points"');
    expect(describeNotification(notification('ticket.status', { ticketId: 't1', subject: 'Lost points', from: 'open', status: 'waiting_on_member', staffUsername: 'sam' }))).toBe(
      'sam marked your ticket "Lost points" as waiting for your answer',
    );
  });
});
