/**
 * Gateways created, updated and deleted are live: `gatewayStatusChanged` (the organization's stream)
 * carries all three, `gatewayHealth` (one gateway) the update and the deletion; a deletion says
 * `deleted` with a null `gateway`; other organizations' streams carry none of it.
 */
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type FleetStack, makeOrg, startFleetStack } from './fixtures.ts';

const UPDATE = `mutation($id: ID!, $input: UpdateGatewayInput!) { updateGateway(id: $id, input: $input) {
  __typename ... on Gateway { id name } } }`;
const DELETE = `mutation($id: ID!) { deleteGateway(id: $id) { __typename } }`;
const FIELDS = 'gatewayId deleted status previousStatus reason gateway { id name }';

type Stream = AsyncGenerator<ExecutionResult<Record<string, Record<string, unknown>>>>;

describe.each(DATABASE_KINDS)('gateway changes live on %s', (kind) => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack(kind);
  });
  afterAll(() => stack?.close());

  const open = async (identity: Parameters<FleetStack['run']>[0], document: string, variables = {}) => {
    const stream = (await subscribe({
      schema: stack.fleet.instance.schema,
      document: parse(document),
      variableValues: variables,
      contextValue: stack.fleet.instance.createContext({
        identity,
        requestId: randomUUID(),
        logger: stack.fleet.runtime.logger,
        credentialExpiresAt: undefined,
      }),
    })) as Stream;
    expect(Symbol.asyncIterator in stream).toBe(true);
    return stream;
  };
  /** The next event, or 'none' when nothing comes within `ms`. */
  const next = async (stream: Stream, field: string, ms = 1500) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'none'>((resolve) => {
      timer = setTimeout(() => resolve('none'), ms);
    });
    const result = await Promise.race([stream.next(), timeout]);
    clearTimeout(timer);
    if (result === 'none') return result;
    expect(result.value?.errors).toBeUndefined();
    return result.value?.data?.[field];
  };

  it('create, rename and delete reach the organization’s stream and the gateway’s own; others see nothing', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const list = await open(org.as('MEMBER'), `subscription { gatewayStatusChanged { ${FIELDS} } }`);
    const theirs = await open(other.as('MEMBER'), `subscription { gatewayStatusChanged { ${FIELDS} } }`);
    // The bus's iterator is live once subscribed and buffers: events are read after each change.
    const gateway = await createGateway(stack, org.owner);
    const base = { gatewayId: gateway.id, status: 'PENDING', previousStatus: 'PENDING' };
    expect(await next(list, 'gatewayStatusChanged')).toEqual({
      ...base,
      deleted: false,
      reason: 'created',
      gateway: { id: gateway.id, name: gateway.name },
    });

    const page = await open(
      org.as('MEMBER'),
      `subscription($id: ID!) { gatewayHealth(gatewayId: $id) { ${FIELDS} } }`,
      {
        id: gateway.id,
      },
    );
    const renamed = `${gateway.name}-renamed`;
    const updated = await stack.ok(org.owner, UPDATE, { id: gateway.id, input: { name: renamed } });
    expect(updated.updateGateway).toEqual({ __typename: 'Gateway', id: gateway.id, name: renamed });
    const update = { ...base, deleted: false, reason: 'updated', gateway: { id: gateway.id, name: renamed } };
    expect(await next(list, 'gatewayStatusChanged')).toEqual(update);
    expect(await next(page, 'gatewayHealth')).toEqual(update);

    expect((await stack.ok(org.owner, DELETE, { id: gateway.id })).deleteGateway.__typename).toBe(
      'DeleteGatewayPayload',
    );
    const deletion = { ...base, deleted: true, reason: 'deleted', gateway: null };
    expect(await next(list, 'gatewayStatusChanged')).toEqual(deletion);
    expect(await next(page, 'gatewayHealth')).toEqual(deletion);

    expect(await next(theirs, 'gatewayStatusChanged', 300)).toBe('none');
    await Promise.all([list.return?.(undefined), theirs.return?.(undefined), page.return?.(undefined)]);
  });

  it('a refused change publishes nothing', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const list = await open(org.as('MEMBER'), `subscription { gatewayStatusChanged { ${FIELDS} } }`);
    // A member may not rename.
    const denied = await stack.run(org.as('MEMBER'), UPDATE, { id: gateway.id, input: { name: 'x' } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await next(list, 'gatewayStatusChanged', 300)).toBe('none');
    await list.return?.(undefined);
  });
});
