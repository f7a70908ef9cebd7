/** Identity's durable H5 events: a registration records `identity.h5UserRegistered` with it, a refused one nothing. */
import { randomUUID } from 'node:crypto';
import { type DomainEvent, DomainEvents, ensureEventTables, systemClock } from '@mc/kit';
import { DATABASE_KINDS, startTestSubgraph, unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type H5UserRegistered, identityEvents } from '../src/domain-events.ts';
import { identityModule } from '../src/index.ts';
import { createOrg, ok, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const REGISTER = `mutation($input: H5RegisterInput!) { h5Register(input: $input) {
  __typename ... on H5Session { user { id } } ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('H5 domain events on %s', (kind) => {
  let subgraph: Subgraph;
  let probe: DomainEvents;
  const received: DomainEvent<H5UserRegistered>[] = [];

  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV });
    const schema = `probe_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(subgraph.runtime.database, schema);
    probe = new DomainEvents({
      database: subgraph.runtime.database,
      schema,
      stream: subgraph.runtime.events.stream,
      clock: systemClock,
      logger: subgraph.runtime.logger,
    });
    await probe.consume([identityEvents.h5UserRegistered], async (event) => {
      received.push(event);
    });
  });
  afterAll(async () => {
    await probe?.stop();
    await subgraph?.close();
  });

  it('records h5UserRegistered with the organization, once per account', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const input = {
      organizationId: org.id,
      email: `${unique('h5')}@example.test`,
      password: 'correct horse battery',
      displayName: 'Hana',
    };
    const created = await ok(subgraph, { kind: 'anonymous' }, REGISTER, { input });
    const h5UserId = created.h5Register.user.id;
    const duplicate = await ok(subgraph, { kind: 'anonymous' }, REGISTER, { input });
    expect(duplicate.h5Register.code).toBe('CONFLICT');
    const deadline = Date.now() + 5_000;
    while (!received.some((event) => event.payload.h5UserId === h5UserId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const mine = received.filter((event) => event.organizationId === org.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ topic: 'identity.h5UserRegistered', payload: { h5UserId } });
  });
});
