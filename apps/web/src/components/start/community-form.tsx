'use client';
// The last step of "Start a community": name, address (slug) with a live availability
// check as the owner types (debounced, the server's reason shown as is), a plan, then
// the one-time login link to the new site, where the owner lands signed in as admin.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

const CHECK_DELAY_MS = 300;

type Availability = { state: 'idle' } | { state: 'checking' } | { state: 'available' } | { state: 'unavailable'; reason: string };

export interface PlanChoice {
  id: string;
  name: string;
  summary: string;
}

/** A slug suggested from the name: lowercase letters, digits and single hyphens. */
function slugFrom(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function useSlugAvailability(slug: string): Availability {
  const [availability, setAvailability] = useState<Availability>({ state: 'idle' });
  const latest = useRef('');
  useEffect(() => {
    latest.current = slug;
    if (slug === '') {
      setAvailability({ state: 'idle' });
      return;
    }
    setAvailability({ state: 'checking' });
    const timer = setTimeout(() => {
      api.signup.slugAvailable
        .query({ slug })
        .then((answer) => {
          // An older answer arriving after a newer keystroke is dropped.
          if (latest.current !== slug) return;
          setAvailability(answer.available ? { state: 'available' } : { state: 'unavailable', reason: answer.reason });
        })
        .catch(() => latest.current === slug && setAvailability({ state: 'unavailable', reason: 'could not check this address just now; try again in a moment' }));
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [slug]);
  return availability;
}

export function CommunityForm(props: { baseDomain: string; protocol: string; plans: PlanChoice[] }) {
  const action = useAction();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const effectiveSlug = slugEdited ? slug : slugFrom(name);
  const availability = useSlugAvailability(effectiveSlug.trim().toLowerCase());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const plan = form.get('plan');
    const started = await action.run(() =>
      api.signup.startCommunity.mutate({ name, slug: effectiveSlug, planId: typeof plan === 'string' && plan !== '' ? plan : undefined }),
    );
    if (started) {
      setLeaving(true);
      window.location.assign(started.loginUrl);
    }
  }

  const status =
    availability.state === 'checking' ? (
      <span className="text-slate-600">Checking…</span>
    ) : availability.state === 'available' ? (
      <span className="text-emerald-700">✓ {props.protocol}://{effectiveSlug}.{props.baseDomain} is free</span>
    ) : availability.state === 'unavailable' ? (
      <span className="text-red-700">✗ {availability.reason}</span>
    ) : (
      <span className="text-slate-600">Lowercase letters, digits and hyphens; 1-40 characters, not starting or ending with a hyphen.</span>
    );

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Your community" className="max-w-xl">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {leaving ? <Notice tone="success">Your community is live. Taking you there…</Notice> : null}
      <Field label="Community name" htmlFor="community-name">
        <input id="community-name" name="community-name" required minLength={2} maxLength={80} autoFocus value={name} onChange={(event) => setName(event.target.value)} className={inputClass} />
      </Field>
      <div className="mb-4">
        <label htmlFor="community-slug" className="block text-sm font-medium text-slate-800">
          Address
        </label>
        <div className="flex items-center gap-1">
          <input
            id="community-slug"
            name="community-slug"
            required
            maxLength={40}
            aria-describedby="community-slug-status"
            aria-invalid={availability.state === 'unavailable'}
            value={effectiveSlug}
            onChange={(event) => {
              setSlugEdited(true);
              setSlug(event.target.value);
            }}
            className={inputClass}
          />
          <span className="whitespace-nowrap text-sm text-slate-700">.{props.baseDomain}</span>
        </div>
        <p id="community-slug-status" className="mt-1 text-xs" aria-live="polite" data-testid="slug-status">
          {status}
        </p>
      </div>
      {props.plans.length > 0 ? (
        <fieldset className="mb-4">
          <legend className="text-sm font-medium text-slate-800">Plan</legend>
          {props.plans.map((plan, index) => (
            <label key={plan.id} className="mt-1 flex items-start gap-2 text-sm">
              <input type="radio" name="plan" value={plan.id} defaultChecked={index === 0} /> <span><strong>{plan.name}</strong> — {plan.summary}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <button type="submit" className={buttonClass} disabled={action.pending || leaving || availability.state === 'unavailable'}>
        {action.pending ? 'Creating your community…' : 'Create community'}
      </button>
    </form>
  );
}
