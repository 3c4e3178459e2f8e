'use client';
// Pick a member by name: type part of it, choose from the matches (buttons, so the
// keyboard works: Tab to a match, Enter to choose).
import { inputClass } from '@swarmhost/ui';
import { useEffect, useId, useState } from 'react';
import { api } from '~/lib/trpc-client';

export interface PickedMember {
  id: string;
  username: string;
  role: 'member' | 'staff' | 'admin';
  balance: string;
  canAdjust: boolean;
}

export function MemberPicker(props: { label: string; testId: string; onPick: (member: PickedMember) => void; picked: PickedMember | null }) {
  const inputId = useId();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<PickedMember[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (query.trim() === '') {
      setMatches([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.staffEconomy.findMembers
        .query({ query })
        .then((rows) => current && (setMatches(rows), setProblem(null)))
        .catch((error: unknown) => current && setProblem(error instanceof Error ? error.message : 'could not search members'));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <div className="mb-4" data-testid={props.testId}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">{props.label}</label>
      <input id={inputId} value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Type part of a name" autoComplete="off" maxLength={64} className={inputClass} />
      {problem ? <p className="mt-1 text-xs text-red-800">{problem}</p> : null}
      {query.trim() !== '' && matches.length === 0 && !problem ? <p className="mt-1 text-xs text-slate-600">No member’s name contains “{query.trim()}”.</p> : null}
      {matches.length > 0 ? (
        <ul className="mt-1 flex flex-wrap gap-2" aria-label="Matching members">
          {matches.map((member) => (
            <li key={member.id}>
              <button
                type="button"
                onClick={() => {
                  props.onPick(member);
                  setQuery('');
                }}
                aria-pressed={props.picked?.id === member.id}
                className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
              >
                {member.username} <span className="text-slate-600">({member.balance} pts)</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {props.picked ? (
        <p className="mt-1 text-sm" data-testid={`${props.testId}-picked`}>
          Chosen: <strong>{props.picked.username}</strong> ({props.picked.role}, {props.picked.balance} points)
        </p>
      ) : null}
    </div>
  );
}
