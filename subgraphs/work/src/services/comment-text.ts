/**
 * Comment text: the body's limits and its @mentions (`@lead`, `@First`, `@"Full Name"`). The raw
 * tokens (unique, in order of appearance) are resolved to agents by `mention-resolver.ts`. An `@` inside a word (an e-mail address) is not a mention.
 */
import { badInput } from '@mc/kit';

export const COMMENT_MAX = 10_000;

/** A comment body: trimmed, at most `COMMENT_MAX` characters; empty means none. */
export function parseComment(value: string | null | undefined, field = 'comment'): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > COMMENT_MAX) throw badInput(`${field} must be at most ${COMMENT_MAX} characters`, field);
  return trimmed || null;
}

const MENTION = /(?<![\p{L}\p{N}_@.])@(?:"([^"\n]{1,100})"|([\p{L}\p{N}_][\p{L}\p{N}_-]{0,63}))/gu;

export function parseMentions(body: string): string[] {
  const seen = new Map<string, string>();
  for (const match of body.matchAll(MENTION)) {
    const token = (match[1] ?? match[2]).trim().replace(/\s+/g, ' ');
    const key = token.toLowerCase();
    if (token && !seen.has(key)) seen.set(key, token);
  }
  return [...seen.values()];
}
