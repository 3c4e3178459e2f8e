// The note a sender adds to a gift or tip: optional, one paragraph, bounded.
import { AppError } from '../errors';

export const NOTE_MAX_LENGTH = 200;

export function validateNote(raw: string | undefined): string | undefined {
  const note = (raw ?? '').trim();
  if (note === '') return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(note)) throw new AppError('BAD_REQUEST', 'note: must not contain control characters');
  if ([...note].length > NOTE_MAX_LENGTH) {
    throw new AppError('BAD_REQUEST', `note: must be at most ${NOTE_MAX_LENGTH} characters (got ${[...note].length})`);
  }
  return note;
}
