// The site as a member's browser uses it: tRPC over HTTP at /api/trpc (queries are GETs
// with ?input=<json>, mutations POSTs of the input as JSON, same-origin), pages as HTML,
// the session in the cookie k6 keeps per VU (__Host-sh_session on https).
import { check, fail } from 'k6';
import http from 'k6/http';

export interface TorrentItem {
  id: string;
  name: string;
}

interface TrpcAnswer<Data> {
  result?: { data?: Data };
  error?: { message?: string };
}

function trpcData<Data>(body: unknown, procedure: string): Data | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    return (JSON.parse(body) as TrpcAnswer<Data>).result?.data;
  } catch {
    // Not JSON (an HTML error page from a proxy): the status check above already failed.
    return undefined;
  }
}

export class Site {
  constructor(private readonly baseUrl: string) {}

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', origin: this.baseUrl };
  }

  query<Data>(procedure: string, input: unknown): Data | undefined {
    const url = `${this.baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = http.get(url, { tags: { name: procedure } });
    check(response, { [`${procedure} answered 200`]: (answer) => answer.status === 200 });
    return trpcData<Data>(response.body, procedure);
  }

  mutation<Data>(procedure: string, input: unknown): Data | undefined {
    const response = http.post(`${this.baseUrl}/api/trpc/${procedure}`, JSON.stringify(input), { headers: this.headers(), tags: { name: procedure } });
    check(response, { [`${procedure} answered 200`]: (answer) => answer.status === 200 });
    return trpcData<Data>(response.body, procedure);
  }

  page(path: string, name: string): boolean {
    const response = http.get(`${this.baseUrl}${path}`, { tags: { name } });
    return check(response, { [`${name} page answered 200`]: (answer) => answer.status === 200 && String(answer.headers['Content-Type']).includes('text/html') });
  }

  /** Password login (no second factor: use a member without TOTP for load). */
  logIn(identifier: string, password: string): void {
    const answer = this.mutation<{ next: string }>('auth.login', { identifier, password });
    if (answer?.next !== 'done') fail(`login as ${identifier} did not complete (answer ${JSON.stringify(answer)}): check K6_USERNAME/K6_PASSWORD and that the member has no second factor`);
  }

  list(page: number): TorrentItem[] {
    return this.query<{ items: TorrentItem[] }>('torrents.list', { page })?.items ?? [];
  }

  search(text: string): TorrentItem[] {
    return this.query<{ items: TorrentItem[] }>('torrents.search', { text })?.items ?? [];
  }

  torrent(id: string): { id: string; infoHash: string } | undefined {
    return this.query<{ id: string; infoHash: string }>('torrents.get', { id });
  }

  download(id: string): boolean {
    const response = http.get(`${this.baseUrl}/torrents/${id}/download`, { tags: { name: 'download' }, responseType: 'binary' });
    return check(response, {
      'download answered a .torrent': (answer) => answer.status === 200 && String(answer.headers['Content-Type']).includes('application/x-bittorrent'),
    });
  }

  /** A socket token for the gateway, as the page's live components fetch it. */
  realtimeToken(): { token: string; url: string } | undefined {
    const response = http.post(`${this.baseUrl}/api/realtime/token`, null, { headers: this.headers(), tags: { name: 'realtime.token' } });
    check(response, { 'realtime token answered 200': (answer) => answer.status === 200 });
    if (typeof response.body !== 'string') return undefined;
    return JSON.parse(response.body) as { token: string; url: string };
  }
}
