// A test BitTorrent HTTP client: builds announce/scrape URLs with percent-encoded binary
// parameters and sends them over a raw socket, so tests control keep-alive, pipelining
// and headers exactly and see the bytes the tracker wrote.
import { connect, type Socket } from 'node:net';
import { decode, type BencodeDict } from '@swarmhost/bittorrent/bencode';
import { hex } from './environment';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function percentEncodeHex(value: string): string {
  return value.replace(/../g, (byte) => `%${byte}`);
}

export interface AnnounceQuery {
  infoHash: string;
  peerId?: string;
  port?: number;
  uploaded?: number;
  downloaded?: number;
  left?: number;
  event?: 'started' | 'stopped' | 'completed' | 'paused';
  numwant?: number;
  compact?: 0 | 1;
  extra?: string;
}

export function announceTarget(passkey: string, query: AnnounceQuery): string {
  const parts = [
    `info_hash=${percentEncodeHex(query.infoHash)}`,
    `peer_id=${percentEncodeHex(query.peerId ?? peerId())}`,
    `port=${query.port ?? 51413}`,
    `uploaded=${query.uploaded ?? 0}`,
    `downloaded=${query.downloaded ?? 0}`,
    `left=${query.left ?? 1000}`,
    `compact=${query.compact ?? 1}`,
  ];
  if (query.event !== undefined) parts.push(`event=${query.event}`);
  if (query.numwant !== undefined) parts.push(`numwant=${query.numwant}`);
  if (query.extra !== undefined) parts.push(query.extra);
  return `/${passkey}/announce?${parts.join('&')}`;
}

export function scrapeTarget(passkey: string, infoHashes: readonly string[]): string {
  return `/${passkey}/scrape?${infoHashes.map((infoHash) => `info_hash=${percentEncodeHex(infoHash)}`).join('&')}`;
}

/** A peer id with an Azureus-style client prefix ("-TR4050-" by default), as hex. */
export function peerId(prefix = '-TR4050-'): string {
  return Buffer.from(prefix, 'latin1').toString('hex') + hex(20 - prefix.length);
}

/** Parses every complete response in `data`; returns them and the unconsumed rest. */
export function parseResponses(data: Buffer): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const lines = data.toString('latin1', offset, headEnd).split('\r\n');
    const status = Number(lines[0]?.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (data.length < headEnd + 4 + length) break;
    responses.push({ status, headers, body: data.subarray(headEnd + 4, headEnd + 4 + length) });
    offset = headEnd + 4 + length;
  }
  return { responses, rest: data.subarray(offset) };
}

/** Sends raw bytes on a new connection and collects `count` responses (or until close). */
export function exchange(port: number, raw: string | Buffer, count = 1, timeoutMs = 5000): Promise<{ responses: RawResponse[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let responses: RawResponse[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out waiting for ${count} responses (got ${responses.length})`));
    }, timeoutMs);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses, closed });
    };
    socket.on('connect', () => socket.write(raw));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      responses = parseResponses(data).responses;
      // After `Connection: close` the tracker ends the socket: wait for that 'end'.
      if (responses.length >= count && responses.at(-1)?.headers.connection !== 'close') finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}

export function getRequest(target: string, headers: Record<string, string> = {}): string {
  const lines = [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export async function get(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { responses } = await exchange(port, getRequest(target, headers));
  const response = responses[0];
  if (response === undefined) throw new Error('no response');
  return response;
}

/** GET and bdecode the body (every tracker answer is a bencoded dictionary). */
export async function getBencoded(port: number, target: string, headers: Record<string, string> = {}): Promise<BencodeDict> {
  const response = await get(port, target, headers);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return decode(response.body) as BencodeDict;
}

export function announce(port: number, passkey: string, query: AnnounceQuery, headers: Record<string, string> = {}): Promise<BencodeDict> {
  return getBencoded(port, announceTarget(passkey, query), headers);
}
