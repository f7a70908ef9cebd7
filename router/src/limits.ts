/**
 * Operation limits (depth, cost, aliases, directives, tokens) as validation rules, so the same
 * rules guard HTTP requests and, later, subscriptions on the socket. Field suggestions are blocked
 * in production so error messages don't map the schema.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { RouterEnv } from './env.ts';

export function createLimits(env: RouterEnv) {
  const production = env.NODE_ENV === 'production';
  const armor = new ApolloArmor({
    maxDepth: { n: env.MAX_DEPTH, ignoreIntrospection: true, exposeLimits: true },
    costLimit: { maxCost: env.MAX_COST, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: env.MAX_ALIASES, exposeLimits: true },
    maxDirectives: { n: env.MAX_DIRECTIVES, exposeLimits: true },
    maxTokens: { n: env.MAX_TOKENS, exposeLimits: true },
    blockFieldSuggestion: { enabled: production },
  });
  return armor.protect();
}
