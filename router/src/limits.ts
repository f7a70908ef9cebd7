/**
 * Operation limits: depth, cost, aliases and directives as validation rules (so the same rules can
 * guard subscriptions on the socket), and a token limit applied by the parser itself. Field
 * suggestions are blocked in production so error messages don't map the schema.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { RouterEnv } from './env.ts';

export function createLimits(env: RouterEnv) {
  const production = env.NODE_ENV === 'production';
  const armor = new ApolloArmor({
    maxDepth: { n: env.MAX_DEPTH, ignoreIntrospection: true, exposeLimits: true },
    // A fragment costs what its fields cost where it is spread: by default armor adds a depth level per
    // spread (×1.5 on the fragment's whole selection), so the same query written with fragments was
    // refused where the inline one passed.
    costLimit: { maxCost: env.MAX_COST, ignoreIntrospection: true, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: env.MAX_ALIASES, exposeLimits: true },
    maxDirectives: { n: env.MAX_DIRECTIVES, exposeLimits: true },
    // Armor's token limit runs as a plugin that turns a syntax error into an HTTP 500; the parser's
    // own `maxTokens` (see `parseOptions`) refuses the same documents as a 400 parse failure.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  });
  return { ...armor.protect(), parseOptions: { maxTokens: env.MAX_TOKENS } };
}
