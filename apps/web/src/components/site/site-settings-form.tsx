'use client';
// The admins' form for the community's look and pages, and the logo upload beside it.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

type Mode = 'open' | 'invite' | 'application' | 'closed';

interface Initial {
  accentColor: string | null;
  logoVersion: string | null;
  rulesMarkdown: string;
  faqMarkdown: string;
  registrationMode: Mode;
}

const MODES: { value: Mode; label: string }[] = [
  { value: 'open', label: 'Open: anyone may register' },
  { value: 'invite', label: 'Invite only: a member’s invite code is needed' },
  { value: 'application', label: 'Application: people apply, staff accept or reject' },
  { value: 'closed', label: 'Closed: no one joins' },
];

const LOGO_MAX_BYTES = 512 * 1024;

export function SiteSettingsForm(props: { initial: Initial }) {
  const router = useRouter();
  const save = useAction();
  const logo = useAction();
  const [saved, setSaved] = useState(false);
  const [accent, setAccent] = useState(props.initial.accentColor ?? '');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const done = await save.run(() =>
      api.site.update.mutate({
        accentColor: String(form.get('accentColor') ?? ''),
        rulesMarkdown: String(form.get('rulesMarkdown') ?? ''),
        faqMarkdown: String(form.get('faqMarkdown') ?? ''),
        registrationMode: String(form.get('registrationMode')) as Mode,
      }),
    );
    if (done) {
      setAccent(done.accentColor ?? '');
      setSaved(true);
      router.refresh();
    }
  }

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const file = new FormData(formElement).get('logo');
    if (!(file instanceof File) || file.size === 0) {
      await logo.run(() => Promise.reject(new Error('logo: choose an image file first')));
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      await logo.run(() => Promise.reject(new Error(`logo: must be at most 512 KiB (this file is ${Math.ceil(file.size / 1024)} KiB)`)));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    if (await logo.run(() => api.site.setLogo.mutate({ imageBase64: btoa(binary) }))) {
      formElement.reset();
      router.refresh();
    }
  }

  async function removeLogo() {
    if (await logo.run(async () => { await api.site.removeLogo.mutate(); return true; })) router.refresh();
  }

  return (
    <>
      <Card title="Logo">
        {logo.error ? <Notice tone="error">{logo.error}</Notice> : null}
        {props.initial.logoVersion ? (
          <img src={`/site-logo?v=${props.initial.logoVersion}`} alt="The current logo" className="mb-4 h-16 w-auto" />
        ) : (
          <p className="mb-4 text-sm text-slate-700">No logo yet: the header shows the community’s name alone.</p>
        )}
        <form onSubmit={(event) => void upload(event)} aria-label="Upload a logo" className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <Field label="Image" htmlFor="site-logo-file" hint="PNG, JPEG or WebP, at most 512 KiB; checked by its contents.">
              <input id="site-logo-file" name="logo" type="file" accept="image/png,image/jpeg,image/webp" className={inputClass} />
            </Field>
          </div>
          <div className="mb-4 flex gap-2">
            <button type="submit" className={buttonClass} disabled={logo.pending}>Upload logo</button>
            {props.initial.logoVersion ? <button type="button" className={secondaryButtonClass} disabled={logo.pending} onClick={() => void removeLogo()}>Remove logo</button> : null}
          </div>
        </form>
      </Card>
      <Card title="Colour, pages and registration">
        {save.error ? <Notice tone="error">{save.error}</Notice> : null}
        {saved ? <Notice tone="success">Saved: every page shows it from now on.</Notice> : null}
        <form onSubmit={(event) => void submit(event)} aria-label="Site settings">
          <Field label="Accent colour" htmlFor="accentColor" hint="A hex colour such as #0f766e; empty for the platform’s colour.">
            <div className="flex items-center gap-3">
              <input id="accentColor" name="accentColor" value={accent} onChange={(event) => setAccent(event.target.value)} maxLength={7} placeholder="#4f46e5" className={`${inputClass} max-w-40 font-mono`} />
              <span aria-hidden="true" className="inline-block h-8 w-8 rounded border border-slate-300" style={{ background: /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : 'transparent' }} />
            </div>
          </Field>
          <Field label="Registration" htmlFor="registrationMode">
            <select id="registrationMode" name="registrationMode" defaultValue={props.initial.registrationMode} className={inputClass}>
              {MODES.map((mode) => <option key={mode.value} value={mode.value}>{mode.label}</option>)}
            </select>
          </Field>
          <Field label="Rules (Markdown)" htmlFor="rulesMarkdown" hint="Shown on /rules. Markdown: # headings, lists, links; HTML is not allowed.">
            <textarea id="rulesMarkdown" name="rulesMarkdown" defaultValue={props.initial.rulesMarkdown} rows={10} maxLength={50000} className={`${inputClass} font-mono`} />
          </Field>
          <Field label="FAQ (Markdown)" htmlFor="faqMarkdown" hint="Shown on /faq.">
            <textarea id="faqMarkdown" name="faqMarkdown" defaultValue={props.initial.faqMarkdown} rows={10} maxLength={50000} className={`${inputClass} font-mono`} />
          </Field>
          <button type="submit" className={buttonClass} disabled={save.pending}>Save</button>
        </form>
      </Card>
    </>
  );
}
