/**
 * Gateway health: heartbeats from the gateway identity only (another gateway's id or a person →
 * FORBIDDEN), status ONLINE with lastSeenAt and a bounded metrics history, the offline sweep run by
 * the real repeatable job against a controllable clock (silent > 90 s → OFFLINE, not before), durable
 * `fleet.gatewayStatusChanged` events and the live `gatewayHealth` (one gateway) and
 * `gatewayStatusChanged` (the organization's gateways) subscriptions.
 */
import { randomUUID } from 'node:crypto';
import { ManualClock } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codes,
  createGateway,
  type FleetStack,
  gatewayIdentity,
  makeOrg,
  registerGateway,
  startFleetStack,
} from './fixtures.ts';

const HEARTBEAT = `mutation($gatewayId: ID!, $metrics: GatewayMetricsInput!) { gatewayHeartbeat(gatewayId: $gatewayId, metrics: $metrics) {
  __typename ... on GatewayHeartbeatAck { nextHeartbeatSeconds gateway { id status lastSeenAt version } }
  ... on DomainError { code field } } }`;
const STATUS = `query($id: ID!) { gateway(id: $id) { status lastSeenAt statusChangedAt } }`;
const METRICS = `query($id: ID!, $window: Int) { gateway(id: $id) { metrics(windowSeconds: $window) {
  at activeSessions memoryBytes cpuPercent agentCount version } } }`;

const metrics = (extra: Record<string, unknown> = {}) => ({
  activeSessions: 2,
  memoryBytes: 6_442_450_944,
  cpuPercent: 12.5,
  agentCount: 3,
  version: '2026.9.6',
  ...extra,
});

describe.each(DATABASE_KINDS)('gateway health on %s', (kind) => {
  let stack: FleetStack;
  const clock = new ManualClock(new Date('2026-11-24T04:00:00Z'));
  beforeAll(async () => {
    stack = await startFleetStack(kind, { clock });
  });
  afterAll(() => stack?.close());

  const statusTopics = async (gatewayId: string) => {
    const result = await stack.fleet.runtime.database.db.execute(
      sql`select event->'payload'->>'from' as "from", event->'payload'->>'to' as "to" from fleet.mc_outbox
          where event->>'topic' = 'fleet.gatewayStatusChanged' and event->'payload'->>'gatewayId' = ${gatewayId}
          order by seq`,
    );
    return (result as unknown as { rows: { from: string; to: string }[] }).rows;
  };

  it('the gateway’s heartbeat makes it ONLINE, records lastSeenAt, version and a metrics sample', async () => {
    const org = await makeOrg(stack);
    const { gateway, caller } = await registerGateway(stack, org);
    const result = await stack.ok(caller, HEARTBEAT, {
      gatewayId: gateway.id,
      metrics: metrics({ version: '2026.9.7' }),
    });
    expect(result.gatewayHeartbeat).toEqual({
      __typename: 'GatewayHeartbeatAck',
      nextHeartbeatSeconds: 30,
      gateway: { id: gateway.id, status: 'ONLINE', lastSeenAt: clock.now().toISOString(), version: '2026.9.7' },
    });
    const samples = (await stack.ok(org.owner, METRICS, { id: gateway.id })).gateway.metrics;
    expect(samples).toEqual([
      {
        at: clock.now().toISOString(),
        activeSessions: 2,
        memoryBytes: 6_442_450_944,
        cpuPercent: 12.5,
        agentCount: 3,
        version: '2026.9.7',
      },
    ]);
    expect(await statusTopics(gateway.id)).toEqual([{ from: 'PENDING', to: 'ONLINE' }]);
  });

  it('refuses forged heartbeats: another gateway’s id, a person, an agent, anonymous', async () => {
    const org = await makeOrg(stack);
    const mine = await registerGateway(stack, org);
    const other = await createGateway(stack, org.owner);
    const forged = await stack.run(mine.caller, HEARTBEAT, { gatewayId: other.id, metrics: metrics() });
    expect(codes(forged)).toEqual(['FORBIDDEN']);
    expect(codes(await stack.run(org.owner, HEARTBEAT, { gatewayId: mine.gateway.id, metrics: metrics() }))).toEqual([
      'FORBIDDEN',
    ]);
    const agent = { kind: 'agent', agentId: randomUUID(), orgId: org.id, credentialId: randomUUID() } as const;
    expect(codes(await stack.run(agent, HEARTBEAT, { gatewayId: mine.gateway.id, metrics: metrics() }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      codes(await stack.run({ kind: 'anonymous' }, HEARTBEAT, { gatewayId: mine.gateway.id, metrics: metrics() })),
    ).toEqual(['UNAUTHENTICATED']);
    // A gateway identity whose organization is not the gateway's finds nothing.
    const stray = gatewayIdentity(other.id, randomUUID());
    expect((await stack.ok(stray, HEARTBEAT, { gatewayId: other.id, metrics: metrics() })).gatewayHeartbeat.code).toBe(
      'NOT_FOUND',
    );
    expect((await stack.ok(org.owner, STATUS, { id: other.id })).gateway.status).toBe('PENDING');
  });

  it('validates metrics (BAD_USER_INPUT with the field)', async () => {
    const org = await makeOrg(stack);
    const { gateway, caller } = await registerGateway(stack, org);
    for (const [extra, field] of [
      [{ activeSessions: -1 }, 'metrics.activeSessions'],
      [{ memoryBytes: 1.5 }, 'metrics.memoryBytes'],
      [{ cpuPercent: -3 }, 'metrics.cpuPercent'],
      [{ version: 'not a version!' }, 'metrics.version'],
    ] as const) {
      const result = await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics(extra) });
      expect(result.gatewayHeartbeat, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('the repeatable sweep marks a gateway OFFLINE after 90 s of silence, not before; a heartbeat brings it back', async () => {
    const org = await makeOrg(stack);
    const { gateway, caller } = await registerGateway(stack, org);
    await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics() });
    clock.advance(89_000);
    await new Promise((resolve) => setTimeout(resolve, 400)); // several sweeps run (every 100 ms here)
    expect((await stack.ok(org.owner, STATUS, { id: gateway.id })).gateway.status).toBe('ONLINE');
    clock.advance(2_000);
    await expect
      .poll(async () => (await stack.ok(org.owner, STATUS, { id: gateway.id })).gateway.status, { timeout: 5_000 })
      .toBe('OFFLINE');
    const offline = (await stack.ok(org.owner, STATUS, { id: gateway.id })).gateway;
    expect(offline.statusChangedAt).toBe(clock.now().toISOString());
    await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics() });
    expect((await stack.ok(org.owner, STATUS, { id: gateway.id })).gateway.status).toBe('ONLINE');
    expect(await statusTopics(gateway.id)).toEqual([
      { from: 'PENDING', to: 'ONLINE' },
      { from: 'ONLINE', to: 'OFFLINE' },
      { from: 'OFFLINE', to: 'ONLINE' },
    ]);
  });

  it('metrics(windowSeconds) returns the samples in the window, oldest first, batched for a list', async () => {
    const org = await makeOrg(stack);
    const a = await registerGateway(stack, org);
    const b = await registerGateway(stack, org);
    for (let i = 0; i < 3; i += 1) {
      await stack.ok(a.caller, HEARTBEAT, { gatewayId: a.gateway.id, metrics: metrics({ activeSessions: i }) });
      await stack.ok(b.caller, HEARTBEAT, { gatewayId: b.gateway.id, metrics: metrics({ activeSessions: 10 + i }) });
      clock.advance(30_000);
    }
    const window = await stack.ok(org.owner, METRICS, { id: a.gateway.id, window: 70 });
    expect(window.gateway.metrics.map((sample: { activeSessions: number }) => sample.activeSessions)).toEqual([1, 2]);
    expect(codes(await stack.run(org.owner, METRICS, { id: a.gateway.id, window: 0 }))).toEqual(['BAD_USER_INPUT']);
    // One query for the samples of every gateway of a page.
    const statements: string[] = [];
    const stop = stack.fleet.runtime.database.onQuery((text) => statements.push(text));
    const listed = await stack.ok(
      org.owner,
      `{ gateways { nodes { id metrics(windowSeconds: 3600) { activeSessions } } } }`,
    );
    stop();
    expect(listed.gateways.nodes).toHaveLength(2);
    expect(statements.filter((text) => text.includes('gateway_heartbeats'))).toHaveLength(1);
  });

  it('prunes samples older than the retention window', async () => {
    const org = await makeOrg(stack);
    const { gateway, caller } = await registerGateway(stack, org);
    await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics() });
    clock.advance(25 * 3600_000);
    await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics() });
    const count = await stack.fleet.runtime.database.db.execute(
      sql`select count(*)::int as n from fleet.gateway_heartbeats where gateway_id = ${gateway.id}`,
    );
    expect((count as unknown as { rows: { n: number }[] }).rows[0].n).toBe(1);
  });

  const context = (identity: Parameters<FleetStack['run']>[0]) =>
    stack.fleet.instance.createContext({
      identity,
      requestId: randomUUID(),
      logger: stack.fleet.runtime.logger,
      credentialExpiresAt: undefined,
    });

  it('gatewayHealth pushes status changes of a gateway of the caller’s organization only', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const { gateway, caller } = await registerGateway(stack, org);
    const document = parse(`subscription($id: ID!) { gatewayHealth(gatewayId: $id) {
      status previousStatus reason gateway { id name } } }`);
    const refused = (await subscribe({
      schema: stack.fleet.instance.schema,
      document,
      variableValues: { id: gateway.id },
      contextValue: context(other.owner),
    })) as ExecutionResult;
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const stream = (await subscribe({
      schema: stack.fleet.instance.schema,
      document,
      variableValues: { id: gateway.id },
      contextValue: context(org.as('MEMBER')),
    })) as AsyncGenerator<ExecutionResult>;
    expect(Symbol.asyncIterator in stream).toBe(true);
    await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics() });
    const first = await stream.next();
    expect(first.value.data.gatewayHealth).toEqual({
      status: 'ONLINE',
      previousStatus: 'PENDING',
      reason: 'heartbeat',
      gateway: { id: gateway.id, name: gateway.name },
    });
    // A second heartbeat changes nothing; the sweep's OFFLINE is the next event.
    await stack.ok(caller, HEARTBEAT, { gatewayId: gateway.id, metrics: metrics() });
    clock.advance(91_000);
    const second = await stream.next();
    expect(second.value.data.gatewayHealth).toMatchObject({ status: 'OFFLINE', previousStatus: 'ONLINE' });
    await stream.return?.(undefined);
  });

  it('gatewayStatusChanged pushes status changes of every gateway of the caller’s organization, and only those', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const stream = (await subscribe({
      schema: stack.fleet.instance.schema,
      document: parse('subscription { gatewayStatusChanged { status previousStatus reason gateway { id name } } }'),
      contextValue: context(org.as('MEMBER')),
    })) as AsyncGenerator<ExecutionResult>;
    expect(Symbol.asyncIterator in stream).toBe(true);
    const theirs = await registerGateway(stack, other);
    await stack.ok(theirs.caller, HEARTBEAT, { gatewayId: theirs.gateway.id, metrics: metrics() });
    const first = await registerGateway(stack, org);
    const second = await registerGateway(stack, org);
    await stack.ok(first.caller, HEARTBEAT, { gatewayId: first.gateway.id, metrics: metrics() });
    await stack.ok(second.caller, HEARTBEAT, { gatewayId: second.gateway.id, metrics: metrics() });
    const events = [];
    for (let index = 0; index < 4; index += 1) events.push((await stream.next()).value.data.gatewayStatusChanged);
    const event = (gateway: { id: string; name: string }, status: string, reason: string) => ({
      status,
      previousStatus: 'PENDING',
      reason,
      gateway: { id: gateway.id, name: gateway.name },
    });
    // A registration is announced at once (still PENDING), then each heartbeat's ONLINE.
    expect(events).toEqual([
      event(first.gateway, 'PENDING', 'registered'),
      event(second.gateway, 'PENDING', 'registered'),
      event(first.gateway, 'ONLINE', 'heartbeat'),
      event(second.gateway, 'ONLINE', 'heartbeat'),
    ]);
    await stream.return?.(undefined);
  });
});
