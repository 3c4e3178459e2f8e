// Chat bodies are stored as the member typed them, minus what can hurt a reader:
// control and bidi-override characters are dropped, length is capped, and clients
// render the text as text (never HTML). Mentions are read from the cleaned body.
import { CHAT_MAX_BODY_LENGTH } from '@swarmhost/events';
import { AppError } from '../errors';

// C0/C1 controls except tab and newline, plus bidi overrides/isolates (U+202A-202E, U+2066-2069).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const MENTION = /(?:^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{3,32})/g;
const MAX_MENTIONS = 5;

export function cleanChatBody(raw: unknown): string {
  if (typeof raw !== 'string') throw new AppError('BAD_REQUEST', 'a chat message must be text');
  const body = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(UNSAFE_CHARACTERS, '').replace(/\n{3,}/g, '\n\n').trim();
  if (body.length === 0) throw new AppError('BAD_REQUEST', 'the message is empty; type something before sending');
  if (body.length > CHAT_MAX_BODY_LENGTH) {
    throw new AppError('BAD_REQUEST', `the message is ${body.length} characters long; the limit is ${CHAT_MAX_BODY_LENGTH}`);
  }
  return body;
}

/** Distinct @usernames in a cleaned body (case-insensitive), at most five. */
export function mentionedUsernames(body: string): string[] {
  const names = new Map<string, string>();
  for (const match of body.matchAll(MENTION)) {
    const name = match[1]?.replace(/[.-]+$/, '');
    if (name && name.length >= 3) names.set(name.toLowerCase(), name);
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names.values()];
}
