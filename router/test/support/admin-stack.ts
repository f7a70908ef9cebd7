/**
 * The production-shaped stack on a fresh database, driven as the local admin: `call` sends GraphQL
 * through the router with the admin token (acting in `orgId` when given), `organization` makes one.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { bearer, freshDatabase, gql, type ProductionStack, startProductionStack } from './processes.ts';

export type AdminCall = (query: string, variables?: Record<string, unknown>, orgId?: string) => Promise<any>;

export interface AdminStack {
  stack: ProductionStack;
  call: AdminCall;
  /** Creates an organization owned by the local admin and returns its id. */
  organization(name: string): Promise<string>;
  /** Stops what the caller started: the stack and its database, or nothing when the stack is shared. */
  stop(): Promise<void>;
}

export async function startAdminStack(options: { subgraphEnv?: Record<string, string> } = {}): Promise<AdminStack> {
  const db = await freshDatabase(inject('postgresUrl'));
  const stack = await startProductionStack({
    postgresUrl: db.url,
    redisUrl: inject('redisUrl'),
    subgraphEnv: options.subgraphEnv,
  });
  return adminStackOn(stack, async () => {
    await stack.stop();
    await db.drop();
  });
}

/** The admin's helpers on a running stack; `stop` is what the caller's `stop()` does. */
export function adminStackOn(stack: ProductionStack, stop: () => Promise<void>): AdminStack {
  const call: AdminCall = async (query, variables = {}, orgId) =>
    (await gql(stack.routerUrl, query, variables, bearer(stack.env.LOCAL_AUTH_TOKEN, orgId))).body;
  return {
    stack,
    call,
    async organization(name) {
      const created = await call(
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
        { input: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}` } },
      );
      return created.data.createOrganization.id;
    },
    stop,
  };
}
