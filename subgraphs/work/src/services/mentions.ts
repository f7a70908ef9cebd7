/**
 * @mentions in comment bodies: `@lead`, `@First` and `@"Full Name"`. Only the raw tokens are
 * kept (unique, in order of appearance); resolving them to agents comes with the fleet subgraph.
 * An `@` inside a word (an e-mail address) is not a mention.
 */
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
