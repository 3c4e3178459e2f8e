// A lean HTTP/1.x request-head parser: a tracker's HTTP surface is one GET line, so we
// read the request line and only the headers we act on, straight from the socket bytes.

/** The largest request head we accept; announce URLs are well under 1 KiB. */
export const MAX_HEAD_BYTES = 8192;

export interface RequestHead {
  readonly method: string;
  /** The request target as sent (path plus query), still percent-encoded. */
  readonly target: string;
  /** Whether the connection stays open after the answer (HTTP/1.1 default, 1.0 opt-in). */
  readonly keepAlive: boolean;
  /** Every X-Forwarded-For header line, joined with commas in order (RFC 9110 5.3). */
  readonly forwardedFor: string | undefined;
  /** A body was announced (Content-Length > 0 or Transfer-Encoding): we refuse those. */
  readonly hasBody: boolean;
  /** Bytes the head occupied in the buffer, including the blank line. */
  readonly length: number;
}

export type HeadResult = RequestHead | 'incomplete' | 'too-large' | 'malformed';

const CR = 13;
const LF = 10;
const SPACE = 32;
const COLON = 58;

/** Index of the CRLFCRLF ending a head at or after `start`, or -1. Tolerates bare LF. */
function findHeadEnd(buffer: Buffer, start: number): { end: number; next: number } | undefined {
  const limit = buffer.length;
  let index = buffer.indexOf(LF, start);
  while (index !== -1 && index + 1 < limit) {
    const after = buffer[index + 1];
    if (after === LF) return { end: index, next: index + 2 };
    if (after === CR && index + 2 < limit && buffer[index + 2] === LF) return { end: index, next: index + 3 };
    index = buffer.indexOf(LF, index + 1);
  }
  return undefined;
}

/** Lower-cases ASCII letters of a header name slice into a string (names are ASCII). */
function headerName(buffer: Buffer, start: number, end: number): string {
  return buffer.toString('latin1', start, end).toLowerCase();
}

/**
 * Parses one request head starting at `start`. Returns 'incomplete' until the blank
 * line arrives, 'too-large' past MAX_HEAD_BYTES and 'malformed' for anything that is
 * not an HTTP/1.x request line.
 */
export function parseRequestHead(buffer: Buffer, start = 0): HeadResult {
  const found = findHeadEnd(buffer, start);
  if (found === undefined) return buffer.length - start > MAX_HEAD_BYTES ? 'too-large' : 'incomplete';
  if (found.next - start > MAX_HEAD_BYTES) return 'too-large';

  const lineEnd = buffer.indexOf(LF, start);
  const requestLineEnd = lineEnd > start && buffer[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
  const firstSpace = buffer.indexOf(SPACE, start);
  if (firstSpace <= start || firstSpace >= requestLineEnd) return 'malformed';
  const secondSpace = buffer.indexOf(SPACE, firstSpace + 1);
  if (secondSpace <= firstSpace + 1 || secondSpace >= requestLineEnd) return 'malformed';
  const version = buffer.toString('latin1', secondSpace + 1, requestLineEnd);
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return 'malformed';

  let keepAlive = version === 'HTTP/1.1';
  let forwardedFor: string | undefined;
  let hasBody = false;

  let lineStart = lineEnd + 1;
  while (lineStart < found.end + 1) {
    let next = buffer.indexOf(LF, lineStart);
    if (next === -1 || next > found.end) next = found.end;
    const contentEnd = next > lineStart && buffer[next - 1] === CR ? next - 1 : next;
    const colon = buffer.indexOf(COLON, lineStart);
    if (colon > lineStart && colon < contentEnd) {
      // Only headers whose name length matches one we care about are decoded at all.
      const nameLength = colon - lineStart;
      if (nameLength === 10 || nameLength === 15 || nameLength === 14 || nameLength === 17) {
        const name = headerName(buffer, lineStart, colon);
        if (name === 'connection' || name === 'x-forwarded-for' || name === 'content-length' || name === 'transfer-encoding') {
          const value = buffer.toString('latin1', colon + 1, contentEnd).trim();
          if (name === 'connection') {
            const lowered = value.toLowerCase();
            if (lowered.includes('close')) keepAlive = false;
            else if (lowered.includes('keep-alive')) keepAlive = true;
          } else if (name === 'x-forwarded-for') {
            forwardedFor = forwardedFor === undefined ? value : `${forwardedFor},${value}`;
          } else if (name === 'content-length') {
            if (value !== '0') hasBody = true;
          } else {
            hasBody = true;
          }
        }
      }
    } else if (contentEnd > lineStart) {
      return 'malformed';
    }
    lineStart = next + 1;
  }

  return {
    method: buffer.toString('latin1', start, firstSpace),
    target: buffer.toString('latin1', firstSpace + 1, secondSpace),
    keepAlive,
    forwardedFor,
    hasBody,
    length: found.next - start,
  };
}
