// Builds a whole HTTP response (status line, headers, body) into one Buffer so the
// server can answer with a single socket write: two writes without TCP_NODELAY cost a
// prototype 40 ms per keep-alive request (Nagle + delayed ACK).

export interface HttpAnswer {
  readonly status: 200 | 404 | 503;
  readonly contentType: 'text/plain' | 'text/plain; version=0.0.4; charset=utf-8';
  readonly body: Buffer;
  /** The whole response, serialized once (`presetAnswer`), for answers given many times. */
  readonly bytes?: { readonly keepAlive: Buffer; readonly close: Buffer };
}

const STATUS_LINES: Record<HttpAnswer['status'], string> = {
  200: 'HTTP/1.1 200 OK\r\n',
  404: 'HTTP/1.1 404 Not Found\r\n',
  503: 'HTTP/1.1 503 Service Unavailable\r\n',
};

const KEEP_ALIVE = Buffer.from('\r\nConnection: keep-alive\r\n\r\n', 'latin1');
const CLOSE = Buffer.from('\r\nConnection: close\r\n\r\n', 'latin1');

/** Pre-encoded "status + content type + Content-Length: " prefixes, per status/type. */
const prefixes = new Map<string, Buffer>();

function prefixFor(status: HttpAnswer['status'], contentType: HttpAnswer['contentType']): Buffer {
  const key = `${status} ${contentType}`;
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    prefix = Buffer.from(`${STATUS_LINES[status]}Content-Type: ${contentType}\r\nContent-Length: `, 'latin1');
    prefixes.set(key, prefix);
  }
  return prefix;
}

/** The answer as the bytes of one HTTP/1.1 response. */
export function serializeAnswer(answer: HttpAnswer, keepAlive: boolean): Buffer {
  if (answer.bytes !== undefined) return keepAlive ? answer.bytes.keepAlive : answer.bytes.close;
  const prefix = prefixFor(answer.status, answer.contentType);
  const length = String(answer.body.length);
  const suffix = keepAlive ? KEEP_ALIVE : CLOSE;
  const out = Buffer.allocUnsafe(prefix.length + length.length + suffix.length + answer.body.length);
  let offset = prefix.copy(out, 0);
  offset += out.write(length, offset, 'latin1');
  offset += suffix.copy(out, offset);
  answer.body.copy(out, offset);
  return out;
}

export function plainAnswer(body: Buffer | string, status: HttpAnswer['status'] = 200): HttpAnswer {
  return { status, contentType: 'text/plain', body: typeof body === 'string' ? Buffer.from(body) : body };
}

/** The answer with its bytes serialized once: the same Buffer is written to every socket (never mutated). */
export function presetAnswer(answer: HttpAnswer): HttpAnswer {
  return { ...answer, bytes: { keepAlive: serializeAnswer(answer, true), close: serializeAnswer(answer, false) } };
}
