import { describe, expect, it } from 'vitest';
import { cleanChatBody, mentionedUsernames } from './chat-text';

describe('chat text', () => {
  it('keeps markup as plain text but drops control and bidi characters', () => {
    expect(cleanChatBody('  <script>alert(1)</script>\u0007 hi\u202E \r\n ')).toBe('<script>alert(1)</script> hi');
    expect(cleanChatBody('a\n\n\n\nb\tc')).toBe('a\n\nb\tc');
  });

  it('refuses empty, non-text and over-long bodies with the limit in the message', () => {
    expect(() => cleanChatBody(' \u0000 ')).toThrow(/empty/);
    expect(() => cleanChatBody(42)).toThrow(/must be text/);
    expect(() => cleanChatBody('x'.repeat(1001))).toThrow(/limit is 1000/);
  });

  it('finds distinct mentions, not e-mail addresses', () => {
    expect(mentionedUsernames('@alice hi @Bob and @alice. mail me at carol@example.org')).toEqual(['alice', 'Bob']);
    expect(mentionedUsernames('@ab too short')).toEqual([]);
  });
});
