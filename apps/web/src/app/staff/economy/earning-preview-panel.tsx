'use client';
// "With these rules, member X would earn N points/hour": the draft rules and cap, priced
// on the server against the chosen member's seeding now, again whenever the draft changes.
import { useEffect, useState } from 'react';
import { api } from '~/lib/trpc-client';
import { fieldsFromMessage } from './field-error';
import { MemberPicker, type PickedMember } from './member-picker';

type Preview = Awaited<ReturnType<typeof api.staff.earningPreview.query>>;

export function EarningPreviewPanel(props: { rules: unknown[]; maxRewardedTorrents: number | string | undefined; onFieldErrors: (fields: Record<string, string>) => void }) {
  const [member, setMember] = useState<PickedMember | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const draftKey = JSON.stringify([props.rules, props.maxRewardedTorrents]);
  const { onFieldErrors } = props;

  useEffect(() => {
    if (!member) return;
    let current = true;
    const [rules, cap] = JSON.parse(draftKey) as [unknown[], number | string | undefined];
    const timer = setTimeout(() => {
      setPending(true);
      const capOk = typeof cap === 'number' && Number.isInteger(cap) && cap >= 1 && cap <= 100_000;
      api.staff.earningPreview
        .query({ memberId: member.id, rules, ...(capOk ? { maxRewardedTorrents: cap } : {}) })
        .then((result) => {
          if (!current) return;
          setPreview(result);
          setProblem(null);
          onFieldErrors({});
        })
        .catch((error: unknown) => {
          if (!current) return;
          const message = error instanceof Error ? error.message : 'the preview failed';
          setProblem(message);
          onFieldErrors(fieldsFromMessage(message, 'bonus.'));
        })
        .finally(() => current && setPending(false));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [member, draftKey, onFieldErrors]);

  return (
    <div>
      <MemberPicker label="Preview for member" testId="preview-member" picked={member} onPick={setMember} />
      {!member ? <p className="text-sm text-slate-700">Choose a member to see what the rules above would pay them for their seeding right now.</p> : null}
      <div aria-live="polite" aria-busy={pending}>
        {member && problem ? <p className="text-sm text-red-800" data-testid="preview-problem">Cannot preview: {problem}</p> : null}
        {member && preview && !problem ? (
          <div data-testid="earning-preview">
            <p className="text-sm">
              With these rules, <strong>{member.username}</strong> would earn{' '}
              <strong className="text-lg tabular-nums" data-testid="preview-points">{preview.pointsPerHour}</strong> points/hour
              <span className="text-slate-600"> ({preview.rewardedTorrents} of {preview.seedingTorrents} seeding torrents counted, at most {preview.maxRewardedTorrents})</span>
            </p>
            {preview.seedingTorrents === 0 ? <p className="text-sm text-slate-600">{member.username} is not seeding anything right now.</p> : null}
            <ul className="mt-2 text-sm">
              {preview.rules.map((rule, index) => (
                <li key={`${index}-${rule.name}`} className={rule.torrents === 0 ? 'text-slate-500' : ''}>
                  {rule.name}: {rule.torrents} torrent{rule.torrents === 1 ? '' : 's'}, {rule.pointsPerHour} points/hour
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}
