'use client';
// Console forms: create a tenant, edit its settings, operator TOTP (suspend/resume:
// tenant-status-control.tsx).
import { buttonClass, Card, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

interface SettingsValues {
  registrationMode: 'open' | 'invite' | 'application' | 'closed';
  announceIntervalSeconds: number;
  minAnnounceIntervalSeconds: number;
  moderationRequired: boolean;
  allowWebSeeds: boolean;
  freeleechEvent: { active: boolean; percent: 0 | 25 | 50 | 75 | 100; doubleUpload: boolean; endsAt: string | null };
}

function readSettings(form: FormData): SettingsValues {
  const percent = Number(form.get('freeleechPercent')) as SettingsValues['freeleechEvent']['percent'];
  const endsAt = String(form.get('freeleechEndsAt') ?? '');
  return {
    registrationMode: String(form.get('registrationMode')) as SettingsValues['registrationMode'],
    announceIntervalSeconds: Number(form.get('announceIntervalSeconds')),
    minAnnounceIntervalSeconds: Number(form.get('minAnnounceIntervalSeconds')),
    moderationRequired: form.get('moderationRequired') === 'on',
    allowWebSeeds: form.get('allowWebSeeds') === 'on',
    freeleechEvent: { active: form.get('freeleechActive') === 'on', percent, doubleUpload: form.get('freeleechDoubleUpload') === 'on', endsAt: endsAt ? new Date(endsAt).toISOString() : null },
  };
}

function SettingsFields(props: { values?: SettingsValues }) {
  const values = props.values;
  return (
    <div className="grid gap-x-4 md:grid-cols-2">
      <Field label="Registration" htmlFor="registrationMode">
        <select id="registrationMode" name="registrationMode" defaultValue={values?.registrationMode ?? 'invite'} className={inputClass}>
          <option value="open">Open</option><option value="invite">Invite only</option><option value="application">Application (staff review)</option><option value="closed">Closed</option>
        </select>
      </Field>
      <Field label="Announce interval (seconds)" htmlFor="announceIntervalSeconds"><input id="announceIntervalSeconds" name="announceIntervalSeconds" type="number" min={60} defaultValue={values?.announceIntervalSeconds ?? 1800} className={inputClass} /></Field>
      <Field label="Minimum announce interval (seconds)" htmlFor="minAnnounceIntervalSeconds"><input id="minAnnounceIntervalSeconds" name="minAnnounceIntervalSeconds" type="number" min={30} defaultValue={values?.minAnnounceIntervalSeconds ?? 300} className={inputClass} /></Field>
      <Field label="Freeleech event percent" htmlFor="freeleechPercent">
        <select id="freeleechPercent" name="freeleechPercent" defaultValue={String(values?.freeleechEvent.percent ?? 100)} className={inputClass}>
          {[0, 25, 50, 75, 100].map((percent) => <option key={percent} value={percent}>{percent}%</option>)}
        </select>
      </Field>
      <Field label="Freeleech event ends (optional)" htmlFor="freeleechEndsAt"><input id="freeleechEndsAt" name="freeleechEndsAt" type="datetime-local" defaultValue={values?.freeleechEvent.endsAt?.slice(0, 16) ?? ''} className={inputClass} /></Field>
      <div className="space-y-2 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" name="moderationRequired" defaultChecked={values?.moderationRequired ?? false} /> Uploads wait for staff approval</label>
        <label className="flex items-center gap-2" title="Web seeds (url-list) make every downloader's client connect to a server the uploader chose, revealing its address."><input type="checkbox" name="allowWebSeeds" defaultChecked={values?.allowWebSeeds ?? false} /> Keep uploaders' web seeds (url-list) in torrents</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="freeleechActive" defaultChecked={values?.freeleechEvent.active ?? false} /> Freeleech event running</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="freeleechDoubleUpload" defaultChecked={values?.freeleechEvent.doubleUpload ?? false} /> Double upload during the event</label>
      </div>
    </div>
  );
}

export function CreateTenantForm(props: { baseDomain: string }) {
  const action = useAction();
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await action.run(() => api.operator.createTenant.mutate({ slug: String(form.get('slug')), name: String(form.get('name')), settings: readSettings(form) }));
    if (result) {
      setCreated(result.url);
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <Card title="Create a community">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {created ? <Notice tone="success">Live now at <a className="underline" href={created}>{created}</a></Notice> : null}
      <form onSubmit={(event) => void submit(event)} aria-label="Create a community">
        <div className="grid gap-x-4 md:grid-cols-2">
          <Field label="Slug" htmlFor="slug" hint={`Becomes <slug>.${props.baseDomain}; lowercase letters, digits, hyphens.`}><input id="slug" name="slug" required maxLength={40} pattern="[a-z0-9-]+" className={inputClass} /></Field>
          <Field label="Name" htmlFor="name"><input id="name" name="name" required minLength={2} maxLength={80} className={inputClass} /></Field>
        </div>
        <SettingsFields />
        <button type="submit" className={buttonClass} disabled={action.pending}>Create community</button>
      </form>
    </Card>
  );
}

export function EditTenantForm(props: { slug: string; name: string; values: SettingsValues }) {
  const action = useAction();
  const [saved, setSaved] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    if (await action.run(() => api.operator.updateTenant.mutate({ slug: props.slug, name: String(form.get('name')), settings: readSettings(form) }))) setSaved(true);
  }
  return (
    <form onSubmit={(event) => void submit(event)}>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {saved ? <Notice tone="success">Saved. The tracker applies it within a second.</Notice> : null}
      <Field label="Name" htmlFor="name"><input id="name" name="name" required defaultValue={props.name} className={inputClass} /></Field>
      <SettingsFields values={props.values} />
      <button type="submit" className={buttonClass} disabled={action.pending}>Save settings</button>
    </form>
  );
}

/**
 * The console's first screen for an operator without a second factor: nothing else works
 * until TOTP is on. Scan (or type the key), confirm with a code, keep the recovery codes,
 * then continue to the console.
 */
export function OperatorTotpCard(props: { continueTo?: string } = {}) {
  const action = useAction();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('operator-code'));
    const result = await action.run(() => api.operator.totpConfirm.mutate({ code }));
    if (result) setCodes(result.recoveryCodes);
  }
  return (
    <Card title="Set up two-factor authentication">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {codes ? (
        <div>
          <Notice tone="success">Two-factor authentication is on. Keep these recovery codes somewhere safe; each works once, in place of a code.</Notice>
          <ul className="mt-3 grid max-w-md grid-cols-2 gap-1 font-mono text-sm" data-testid="operator-recovery-codes">{codes.map((code) => <li key={code}>{code}</li>)}</ul>
          {/* A full load: the page is rendered on the server with the operator's new state. */}
          <button type="button" className={`${buttonClass} mt-4`} autoFocus onClick={() => window.location.assign(props.continueTo ?? '/')}>
            I have saved them: {props.continueTo ? 'continue' : 'open the console'}
          </button>
        </div>
      ) : enrolment ? (
        <form onSubmit={(event) => void confirm(event)} className="max-w-md">
          <p className="text-sm text-slate-700">Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
          {/* Server-rendered SVG from our own QR encoder: no scripts, no external requests. */}
          <div className="my-3 w-48" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
          <p className="mb-2 text-xs text-slate-600">Cannot scan? Enter this key: <code data-testid="operator-totp-secret">{enrolment.secret}</code></p>
          <Field label="Code from the app" htmlFor="operator-code">
            <input id="operator-code" name="operator-code" required autoFocus inputMode="numeric" autoComplete="one-time-code" className={inputClass} />
          </Field>
          <button type="submit" className={buttonClass} disabled={action.pending}>Turn on</button>
        </form>
      ) : (
        <div>
          <p className="mb-3 text-sm text-slate-700">
            The console runs whole communities, so it needs a second factor: an authenticator app (any TOTP app) gives you a 6-digit code at each login.
          </p>
          <button type="button" className={buttonClass} disabled={action.pending} onClick={() => void action.run(() => api.operator.totpStart.mutate()).then((result) => result && setEnrolment(result))}>
            Set up two-factor authentication
          </button>
        </div>
      )}
    </Card>
  );
}
