/**
 * Gateways: admins create, update and delete them; the access token is sealed at rest and never
 * readable; URLs need ws/wss and an explicit port; names are unique per organization; other
 * organizations' gateways are NOT_FOUND on every root field.
 */
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CREATE_GATEWAY,
  codes,
  createGateway,
  type FleetStack,
  GATEWAY_FIELDS,
  gatewayIdentity,
  gatewayInput,
  makeOrg,
  startFleetStack,
} from './fixtures.ts';

const UPDATE = `mutation($id: ID!, $input: UpdateGatewayInput!) { updateGateway(id: $id, input: $input) {
  __typename ... on Gateway { ${GATEWAY_FIELDS} } ... on DomainError { code field ids } } }`;
const DELETE = `mutation($id: ID!) { deleteGateway(id: $id) {
  __typename ... on DeleteGatewayPayload { deletedGatewayId } ... on DomainError { code ids } } }`;
const GET = `query($id: ID!) { gateway(id: $id) { ${GATEWAY_FIELDS} } }`;
const LIST = `query($first: Int, $after: String) { gateways(first: $first, after: $after) {
  nodes { id name } pageInfo { hasNextPage endCursor } } }`;

describe.each(DATABASE_KINDS)('gateways on %s', (kind) => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack(kind);
  });
  afterAll(() => stack?.close());

  const sealedToken = async (id: string) => {
    const result = await stack.fleet.runtime.database.db.execute(
      sql`select token_sealed from fleet.gateways where id = ${id}`,
    );
    return (result as unknown as { rows: { token_sealed: string | null }[] }).rows[0]?.token_sealed ?? null;
  };

  it('an admin creates a gateway; the token is sealed at rest and only hasToken is readable', async () => {
    const org = await makeOrg(stack);
    const result = await stack.ok(org.as('ADMIN'), CREATE_GATEWAY, {
      input: gatewayInput({ name: 'Edge 1', allowSelfSignedTls: true, pairingMode: 'CONTROL_UI' }),
    });
    const gateway = result.createGateway;
    expect(gateway).toMatchObject({
      __typename: 'Gateway',
      name: 'Edge 1',
      url: 'ws://10.0.0.5:18789',
      hasToken: true,
      workspaceRoot: '/srv/openclaw/workspace',
      allowSelfSignedTls: true,
      pairingMode: 'CONTROL_UI',
      status: 'PENDING',
      registered: false,
      lastSeenAt: null,
      organization: { id: org.id },
    });
    const stored = await sealedToken(gateway.id);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('secret-gateway-token-123');
    expect(stack.fleet.runtime.secrets.open(stored as string)).toBe('secret-gateway-token-123');
    // No field of the schema can return it.
    const read = await stack.run(org.as('MEMBER'), GET, { id: gateway.id });
    expect(JSON.stringify(read.data)).not.toContain('secret-gateway-token-123');
    expect(read.data?.gateway.hasToken).toBe(true);
  });

  it('validates URL (ws/wss, explicit port), workspace root, name and token', async () => {
    const org = await makeOrg(stack);
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'http://10.0.0.5:18789' }, 'input.url'],
      [{ url: 'wss://gw.example.com' }, 'input.url'],
      [{ url: 'ws://user:pw@gw:18789' }, 'input.url'],
      [{ workspaceRoot: 'relative/dir' }, 'input.workspaceRoot'],
      [{ workspaceRoot: '/srv/../etc' }, 'input.workspaceRoot'],
      [{ name: '   ' }, 'input.name'],
      [{ token: 'has spaces in it' }, 'input.token'],
    ];
    for (const [extra, field] of cases) {
      const result = await stack.ok(org.owner, CREATE_GATEWAY, { input: gatewayInput(extra) });
      expect(result.createGateway, JSON.stringify(extra)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('names are unique per organization (CONFLICT), not across organizations', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    await createGateway(stack, org.owner, { name: 'Main' });
    const again = await stack.ok(org.owner, CREATE_GATEWAY, { input: gatewayInput({ name: 'Main' }) });
    expect(again.createGateway).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    await createGateway(stack, other.owner, { name: 'Main' });
  });

  it('updates settings; token absent keeps, a value replaces, null removes it', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const renamed = await stack.ok(org.as('ADMIN'), UPDATE, {
      id: gateway.id,
      input: { name: 'Renamed', url: 'wss://gw.example.com:443', pairingMode: 'CONTROL_UI' },
    });
    expect(renamed.updateGateway).toMatchObject({
      name: 'Renamed',
      url: 'wss://gw.example.com:443',
      pairingMode: 'CONTROL_UI',
      hasToken: true,
    });
    const before = await sealedToken(gateway.id);
    await stack.ok(org.owner, UPDATE, { id: gateway.id, input: { token: 'another-token' } });
    const replaced = await sealedToken(gateway.id);
    expect(replaced).not.toBe(before);
    expect(stack.fleet.runtime.secrets.open(replaced as string)).toBe('another-token');
    const cleared = await stack.ok(org.owner, UPDATE, { id: gateway.id, input: { token: null } });
    expect(cleared.updateGateway.hasToken).toBe(false);
    expect(await sealedToken(gateway.id)).toBeNull();
    const bad = await stack.ok(org.owner, UPDATE, { id: gateway.id, input: { url: 'ws://nohost' } });
    expect(bad.updateGateway).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
  });

  it('members read but may not change; gateways, agents and anonymous callers are refused', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const member = org.as('MEMBER');
    expect(codes(await stack.run(member, CREATE_GATEWAY, { input: gatewayInput() }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.run(member, UPDATE, { id: gateway.id, input: { name: 'x' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.run(member, DELETE, { id: gateway.id }))).toEqual(['FORBIDDEN']);
    expect((await stack.ok(member, GET, { id: gateway.id })).gateway.id).toBe(gateway.id);
    const machine = gatewayIdentity(gateway.id, org.id);
    expect(codes(await stack.run(machine, CREATE_GATEWAY, { input: gatewayInput() }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.run({ kind: 'anonymous' }, LIST, {}))).toEqual(['UNAUTHENTICATED']);
    // A gateway reads itself, not another one.
    expect((await stack.ok(machine, GET, { id: gateway.id })).gateway.id).toBe(gateway.id);
    const sibling = await createGateway(stack, org.owner);
    expect(codes(await stack.run(gatewayIdentity(randomUUID(), randomUUID()), GET, { id: sibling.id }))).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('lists the organization’s gateways in pages, never another organization’s', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const mine = [];
    for (let i = 0; i < 3; i += 1) mine.push((await createGateway(stack, org.owner)).id);
    await createGateway(stack, other.owner);
    const first = await stack.ok(org.as('MEMBER'), LIST, { first: 2 });
    expect(first.gateways.nodes.map((node: { id: string }) => node.id)).toEqual(mine.slice(0, 2));
    expect(first.gateways.pageInfo.hasNextPage).toBe(true);
    const rest = await stack.ok(org.as('MEMBER'), LIST, { first: 2, after: first.gateways.pageInfo.endCursor });
    expect(rest.gateways.nodes.map((node: { id: string }) => node.id)).toEqual(mine.slice(2));
    expect(codes(await stack.run(org.owner, LIST, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.run(org.owner, LIST, { after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('another organization’s gateway is NOT_FOUND for every root field', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const theirs = await createGateway(stack, other.owner);
    expect(codes(await stack.run(org.owner, GET, { id: theirs.id }))).toEqual(['NOT_FOUND']);
    expect((await stack.ok(org.owner, UPDATE, { id: theirs.id, input: { name: 'x' } })).updateGateway.code).toBe(
      'NOT_FOUND',
    );
    expect((await stack.ok(org.owner, DELETE, { id: theirs.id })).deleteGateway.code).toBe('NOT_FOUND');
    expect((await stack.ok(org.owner, DELETE, { id: 'not-an-id' })).deleteGateway.code).toBe('BAD_USER_INPUT');
    const still = await stack.ok(other.owner, GET, { id: theirs.id });
    expect(still.gateway.name).toBe(theirs.name);
  });

  it('deletes a gateway and records gatewayCreated/Updated/Deleted durable events', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    await stack.ok(org.owner, UPDATE, { id: gateway.id, input: { name: 'Changed' } });
    const deleted = await stack.ok(org.owner, DELETE, { id: gateway.id });
    expect(deleted.deleteGateway).toEqual({ __typename: 'DeleteGatewayPayload', deletedGatewayId: gateway.id });
    expect(codes(await stack.run(org.owner, GET, { id: gateway.id }))).toEqual(['NOT_FOUND']);
    const result = await stack.fleet.runtime.database.db.execute(
      sql`select event->>'topic' as topic from fleet.mc_outbox where event->'payload'->>'gatewayId' = ${gateway.id}
          order by seq`,
    );
    expect((result as unknown as { rows: { topic: string }[] }).rows.map((row) => row.topic)).toEqual([
      'fleet.gatewayCreated',
      'fleet.gatewayUpdated',
      'fleet.gatewayDeleted',
    ]);
  });
});
