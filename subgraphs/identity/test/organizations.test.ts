import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique, userIdentity } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityContext } from '../src/context.ts';
import { identityModule } from '../src/index.ts';

describe.each(DATABASE_KINDS)('organizations on %s', (kind) => {
  let subgraph: TestSubgraph<IdentityContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind);
  });
  afterAll(() => subgraph.close());

  it('creates an organization and refuses a duplicate slug with CONFLICT', async () => {
    const slug = unique('acme');
    const create = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
      __typename ... on Organization { id slug } ... on DomainError { code field } } }`;
    // The user row is made by the router's principal resolution; here the service trusts the id.
    const caller = userIdentity('00000000-0000-4000-8000-000000000001');
    const first = await executeAs(subgraph.instance, caller, create, { input: { name: 'Acme', slug } });
    expect(first.errors).toBeUndefined();
    expect(first.data?.createOrganization).toMatchObject({ __typename: 'Organization', slug });
    const second = await executeAs(subgraph.instance, caller, create, { input: { name: 'Acme 2', slug } });
    expect(second.data?.createOrganization).toMatchObject({ __typename: 'DomainError', code: 'CONFLICT' });
  });
});
