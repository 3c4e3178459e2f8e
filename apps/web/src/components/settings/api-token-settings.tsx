'use client';
// API tokens for upload tools and *arr apps: create one with a name and scopes (its
// secret is shown once, here, right after), see the live ones, revoke them. Also the
// addresses a member pastes into an RSS reader or Prowlarr: all new torrents, one feed
// per category, bookmarks, Torznab and the REST API's description.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export interface ApiTokenRow {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

export function ApiTokensCard(props: { tokens: ApiTokenRow[]; siteUrl: string; rssKey: string; categories: { name: string; slug: string }[] }) {
  const action = useAction();
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const scopes = (['read', 'upload'] as const).filter((scope) => form.get(`scope-${scope}`) === 'on');
    const result = await action.run(() => api.apiTokens.create.mutate({ name: String(form.get('token-name') ?? ''), scopes }));
    if (result) {
      setCreated({ name: result.name, token: result.token });
      formElement.reset();
      router.refresh();
    }
  }

  async function revoke(id: string) {
    setCreated(null);
    await action.run(() => api.apiTokens.revoke.mutate({ id }));
    router.refresh();
  }

  return (
    <Card title="API tokens and feeds">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {created ? (
        <div data-testid="new-api-token">
          <Notice tone="success">
            Token “{created.name}” created. Copy it now: it is not shown again.
          </Notice>
          <p className="mt-2 mb-3 break-all rounded bg-slate-100 p-2 font-mono text-xs" aria-label="New API token">{created.token}</p>
        </div>
      ) : null}
      {props.tokens.length === 0 ? (
        <p className="mb-3 text-sm text-slate-700">No API tokens yet. Upload tools and Prowlarr, Sonarr or Radarr need one.</p>
      ) : (
        <ul className="mb-3 space-y-1 text-sm" aria-label="Your API tokens">
          {props.tokens.map((token) => (
            <li key={token.id} className="flex flex-wrap items-center gap-3">
              <span className="font-medium">{token.name}</span>
              <span className="text-slate-600">{token.scopes.join(', ')}</span>
              <span className="text-slate-600">created {token.createdAt.slice(0, 10)}{token.lastUsedAt ? `, last used ${token.lastUsedAt.slice(0, 16).replace('T', ' ')}` : ', never used'}</span>
              <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void revoke(token.id)} aria-label={`Revoke token ${token.name}`}>Revoke</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void create(event)} className="space-y-2 text-sm">
        <Field label="Name for a new token" htmlFor="token-name"><input id="token-name" name="token-name" required maxLength={60} placeholder="e.g. Prowlarr" className={inputClass} /></Field>
        <fieldset className="flex gap-4">
          <legend className="mb-1 font-medium">Scopes</legend>
          <label className="flex items-center gap-2"><input type="checkbox" name="scope-read" defaultChecked /> read (search, details, download, Torznab)</label>
          <label className="flex items-center gap-2"><input type="checkbox" name="scope-upload" /> upload</label>
        </fieldset>
        <button type="submit" className={buttonClass} disabled={action.pending}>Create token</button>
      </form>
      <dl className="mt-4 text-sm">
        <dt className="font-medium">RSS feed (newest torrents; add ?q=words for a saved search)</dt>
        <dd className="mb-2 break-all font-mono text-xs" data-testid="rss-url">{`${props.siteUrl}/rss/${props.rssKey}`}</dd>
        <dt className="font-medium">RSS feed of one category</dt>
        <dd className="mb-2">
          {props.categories.length === 0 ? (
            <span className="text-slate-700">This community has no categories yet.</span>
          ) : (
            <ul aria-label="Category feeds" className="space-y-1">
              {props.categories.map((category) => (
                <li key={category.slug}>
                  <span className="mr-2">{category.name}:</span>
                  <span className="break-all font-mono text-xs" data-testid={`rss-category-url-${category.slug}`}>{`${props.siteUrl}/rss/${props.rssKey}?category=${encodeURIComponent(category.slug)}`}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt className="font-medium">RSS feed of your bookmarks</dt>
        <dd className="mb-2 break-all font-mono text-xs">{`${props.siteUrl}/rss/${props.rssKey}/bookmarks`}</dd>
        <dt className="font-medium">Torznab (Prowlarr: Generic Torznab, API path /api/torznab, API key = a read token)</dt>
        <dd className="mb-2 break-all font-mono text-xs">{`${props.siteUrl}/api/torznab`}</dd>
        <dt className="font-medium">REST API</dt>
        <dd className="break-all font-mono text-xs">{`${props.siteUrl}/api/v1/openapi.json`}</dd>
      </dl>
    </Card>
  );
}
