/**
 * Agents: created by admins on a gateway of their organization, optionally on a board known from
 * work's events (deleted or foreign boards are NOT_FOUND), within the board's maxAgents; one
 * gateway-main per gateway, one lead per board; durable agentCreated/Updated/Deleted events; agent
 * tokens issued by identity (rotation revokes); check-in by the agent identity only; tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import type { WorkChange } from '@mc/work/domain-events';
import { sql } from 'drizzle-orm';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentIdentity,
  codes,
  createGateway,
  type FleetStack,
  gatewayIdentity,
  makeOrg,
  resolveCredential,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

const AGENT_FIELDS = `id name kind status lastError lifecycleGeneration checkedInAt gateway { id } board { id } organization { id }`;
const CREATE = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { ${AGENT_FIELDS} } ... on DomainError { code field ids message } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) {
  __typename ... on Agent { ${AGENT_FIELDS} } ... on DomainError { code field ids } } }`;
const DELETE = `mutation($id: ID!) { deleteAgent(id: $id) {
  __typename ... on DeleteAgentPayload { deletedAgentId } ... on DomainError { code ids } } }`;
const GET = `query($id: ID!) { agent(id: $id) { ${AGENT_FIELDS} } }`;
const LIST = `query($filter: AgentFilter, $first: Int, $after: String) { agents(filter: $filter, first: $first, after: $after) {
  nodes { id name } pageInfo { hasNextPage endCursor } } }`;
const ROTATE = `mutation($id: ID!) { rotateAgentToken(agentId: $id) {
  __typename ... on AgentToken { token agent { id } } ... on DomainError { code } } }`;
const CHECK_IN = `mutation { agentCheckIn { __typename ... on Agent { id status checkedInAt lastError } ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('agents on %s', (kind) => {
  let stack: FleetStack;
  beforeAll(async () => {
    // Their gateways are not reachable: keep provisioning retrying (PROVISIONING) for the test's length.
    stack = await startFleetStack(kind, { env: { PROVISION_ATTEMPTS: '10', PROVISION_BACKOFF_MS: '600000' } });
  });
  afterAll(() => stack?.close());

  const boardCount = async (boardId: string) => {
    const result = await stack.fleet.runtime.database.db.execute(
      sql`select count(*)::int as n from fleet.board_states where board_id = ${boardId} and deleted_at is null`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  /** Delivers a work board event on the stream, as work's relay would. */
  async function boardEvent(
    name: 'boardCreated' | 'boardUpdated' | 'boardDeleted',
    org: { id: string },
    boardId: string,
    after: Record<string, unknown> | null,
  ) {
    const event: DomainEvent<WorkChange> = {
      id: randomUUID(),
      topic: `work.${name}`,
      organizationId: org.id,
      actor: { kind: 'user', id: randomUUID() },
      occurredAt: new Date().toISOString(),
      payload: { boardId, before: null, after },
    };
    await stack.fleet.runtime.events.stream.append([event]);
    return event;
  }

  async function board(org: TestOrg, maxAgents = 2) {
    const boardId = randomUUID();
    await boardEvent('boardCreated', org, boardId, { name: 'Board', maxAgents });
    await expect.poll(() => boardCount(boardId), { timeout: 5_000 }).toBe(1);
    return boardId;
  }

  const create = (org: TestOrg, input: Record<string, unknown>) => stack.ok(org.owner, CREATE, { input });

  const outboxTopics = async (agentId: string) => {
    const result = await stack.fleet.runtime.database.db.execute(
      sql`select event->>'topic' as topic, event->'payload' as payload from fleet.mc_outbox
          where event->'payload'->>'agentId' = ${agentId} order by seq`,
    );
    return (result as unknown as { rows: { topic: string; payload: Record<string, unknown> }[] }).rows;
  };

  it('an admin creates an agent on a gateway and a board: PROVISIONING, generation 1, agentCreated recorded', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const boardId = await board(org);
    const result = await stack.ok(org.as('ADMIN'), CREATE, {
      input: { name: 'Scout', gatewayId: gateway.id, boardId },
    });
    const agent = result.createAgent;
    expect(agent).toMatchObject({
      __typename: 'Agent',
      name: 'Scout',
      kind: 'WORKER',
      status: 'PROVISIONING',
      lifecycleGeneration: 1,
      gateway: { id: gateway.id },
      board: { id: boardId },
      organization: { id: org.id },
    });
    expect(await outboxTopics(agent.id)).toEqual([
      {
        topic: 'fleet.agentCreated',
        payload: { agentId: agent.id, organizationId: org.id, boardId, name: 'Scout', status: 'PROVISIONING' },
      },
    ]);
    const listed = await stack.ok(org.as('MEMBER'), `query($id: ID!) { gateway(id: $id) { agents { id } } }`, {
      id: gateway.id,
    });
    expect(listed.gateway.agents).toEqual([{ id: agent.id }]);
  });

  it('refuses unknown, deleted and foreign boards and gateways (NOT_FOUND with field)', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const theirGateway = await createGateway(stack, other.owner);
    const theirBoard = await board(other);
    const gone = await board(org);
    await boardEvent('boardDeleted', org, gone, null);
    await expect.poll(() => boardCount(gone), { timeout: 5_000 }).toBe(0);
    for (const [input, field] of [
      [{ gatewayId: theirGateway.id }, 'input.gatewayId'],
      [{ gatewayId: gateway.id, boardId: randomUUID() }, 'input.boardId'],
      [{ gatewayId: gateway.id, boardId: theirBoard }, 'input.boardId'],
      [{ gatewayId: gateway.id, boardId: gone }, 'input.boardId'],
    ] as const) {
      const result = await create(org, { name: 'x', ...input });
      expect(result.createAgent, JSON.stringify(input)).toMatchObject({ code: 'NOT_FOUND', field });
    }
    expect((await create(org, { name: ' ', gatewayId: gateway.id })).createAgent).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    });
  });

  it('respects the board’s maxAgents, also after work raises it', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const boardId = await board(org, 1);
    expect((await create(org, { name: 'one', gatewayId: gateway.id, boardId })).createAgent.__typename).toBe('Agent');
    const full = await create(org, { name: 'two', gatewayId: gateway.id, boardId });
    expect(full.createAgent).toMatchObject({ code: 'AGENT_LIMIT_REACHED', field: 'input.boardId', ids: [boardId] });
    const loose = (await create(org, { name: 'loose', gatewayId: gateway.id })).createAgent;
    const move = await stack.ok(org.owner, UPDATE, { id: loose.id, input: { boardId } });
    expect(move.updateAgent.code).toBe('AGENT_LIMIT_REACHED');
    await boardEvent('boardUpdated', org, boardId, { maxAgents: 2 });
    await expect
      .poll(async () => (await create(org, { name: 'two', gatewayId: gateway.id, boardId })).createAgent.__typename, {
        timeout: 5_000,
      })
      .toBe('Agent');
  });

  it('one gateway-main per gateway, one lead per board, kinds checked', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const boardId = await board(org, 5);
    expect((await create(org, { name: 'main', gatewayId: gateway.id, kind: 'GATEWAY_MAIN' })).createAgent.kind).toBe(
      'GATEWAY_MAIN',
    );
    expect(
      (await create(org, { name: 'main2', gatewayId: gateway.id, kind: 'GATEWAY_MAIN' })).createAgent,
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'input.kind',
    });
    expect(
      (await create(org, { name: 'm', gatewayId: gateway.id, kind: 'GATEWAY_MAIN', boardId })).createAgent.code,
    ).toBe('BAD_USER_INPUT');
    expect((await create(org, { name: 'lead', gatewayId: gateway.id, kind: 'LEAD' })).createAgent.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await create(org, { name: 'lead', gatewayId: gateway.id, kind: 'LEAD', boardId })).createAgent.kind).toBe(
      'LEAD',
    );
    expect(
      (await create(org, { name: 'lead2', gatewayId: gateway.id, kind: 'LEAD', boardId })).createAgent,
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'input.kind',
    });
    expect((await create(org, { name: 'lead', gatewayId: gateway.id })).createAgent).toMatchObject({
      code: 'CONFLICT',
      field: 'input.name',
    });
  });

  it('updates bump the lifecycle generation and record agentUpdated; deleting records agentDeleted', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const boardId = await board(org);
    const agent = (await create(org, { name: 'a', gatewayId: gateway.id, boardId })).createAgent;
    const renamed = await stack.ok(org.owner, UPDATE, { id: agent.id, input: { name: 'b', boardId: null } });
    expect(renamed.updateAgent).toMatchObject({
      name: 'b',
      board: null,
      lifecycleGeneration: 2,
      status: 'PROVISIONING',
    });
    const same = await stack.ok(org.owner, UPDATE, { id: agent.id, input: { name: 'b' } });
    expect(same.updateAgent.lifecycleGeneration).toBe(2);
    const deleted = await stack.ok(org.owner, DELETE, { id: agent.id });
    expect(deleted.deleteAgent).toEqual({ __typename: 'DeleteAgentPayload', deletedAgentId: agent.id });
    expect(codes(await stack.run(org.owner, GET, { id: agent.id }))).toEqual(['NOT_FOUND']);
    expect((await outboxTopics(agent.id)).map((row) => [row.topic, row.payload.status, row.payload.boardId])).toEqual([
      ['fleet.agentCreated', 'PROVISIONING', boardId],
      ['fleet.agentUpdated', 'PROVISIONING', null],
      ['fleet.agentDeleted', 'DELETING', null],
    ]);
  });

  it('a deleted board takes its agents off it (lead becomes worker) with agentUpdated', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const boardId = await board(org);
    const lead = (await create(org, { name: 'lead', gatewayId: gateway.id, boardId, kind: 'LEAD' })).createAgent;
    await boardEvent('boardDeleted', org, boardId, null);
    await expect
      .poll(async () => (await stack.ok(org.owner, GET, { id: lead.id })).agent, { timeout: 5_000 })
      .toMatchObject({ board: null, kind: 'WORKER' });
    expect((await outboxTopics(lead.id)).map((row) => row.topic)).toEqual(['fleet.agentCreated', 'fleet.agentUpdated']);
  });

  it('agent tokens come from identity: rotation revokes the previous one; deletion revokes all', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const agent = (await create(org, { name: 'tok', gatewayId: gateway.id })).createAgent;
    const first = (await stack.ok(org.owner, ROTATE, { id: agent.id })).rotateAgentToken;
    expect(first.token).toMatch(/^mca_/);
    expect(await resolveCredential(stack, first.token)).toMatchObject({ kind: 'agent', subjectId: agent.id });
    const second = (await stack.ok(org.owner, ROTATE, { id: agent.id })).rotateAgentToken;
    expect(await resolveCredential(stack, first.token)).toBeNull();
    expect(await resolveCredential(stack, second.token)).toMatchObject({ subjectId: agent.id });
    await stack.ok(org.owner, DELETE, { id: agent.id });
    expect(await resolveCredential(stack, second.token)).toBeNull();
  });

  it('check-in by the agent itself makes it ONLINE; people and gateways may not check in', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const agent = (await create(org, { name: 'ci', gatewayId: gateway.id })).createAgent;
    const result = await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
    expect(result.agentCheckIn).toMatchObject({ id: agent.id, status: 'ONLINE', lastError: null });
    expect(result.agentCheckIn.checkedInAt).not.toBeNull();
    expect(codes(await stack.run(org.owner, CHECK_IN))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.run(gatewayIdentity(gateway.id, org.id), CHECK_IN))).toEqual(['FORBIDDEN']);
    const stranger = await stack.ok(agentIdentity(agent.id, randomUUID()), CHECK_IN);
    expect(stranger.agentCheckIn.code).toBe('NOT_FOUND');
    expect((await outboxTopics(agent.id)).map((row) => [row.topic, row.payload.status])).toEqual([
      ['fleet.agentCreated', 'PROVISIONING'],
      ['fleet.agentUpdated', 'ONLINE'],
    ]);
  });

  it('another organization’s agents are NOT_FOUND for every root field; lists are scoped and paged', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const theirGateway = await createGateway(stack, other.owner);
    const mine = [];
    for (let i = 0; i < 3; i += 1)
      mine.push((await create(org, { name: `a${i}`, gatewayId: gateway.id })).createAgent.id);
    const theirs = (await create(other, { name: 'theirs', gatewayId: theirGateway.id })).createAgent;
    expect(codes(await stack.run(org.owner, GET, { id: theirs.id }))).toEqual(['NOT_FOUND']);
    expect((await stack.ok(org.owner, UPDATE, { id: theirs.id, input: { name: 'x' } })).updateAgent.code).toBe(
      'NOT_FOUND',
    );
    expect((await stack.ok(org.owner, DELETE, { id: theirs.id })).deleteAgent.code).toBe('NOT_FOUND');
    expect((await stack.ok(org.owner, ROTATE, { id: theirs.id })).rotateAgentToken.code).toBe('NOT_FOUND');
    const page = await stack.ok(org.as('MEMBER'), LIST, { first: 2 });
    expect(page.agents.nodes.map((node: { id: string }) => node.id)).toEqual(mine.slice(0, 2));
    const rest = await stack.ok(org.as('MEMBER'), LIST, { first: 2, after: page.agents.pageInfo.endCursor });
    expect(rest.agents.nodes.map((node: { id: string }) => node.id)).toEqual(mine.slice(2));
    const filtered = await stack.ok(org.owner, LIST, { filter: { gatewayId: theirGateway.id } });
    expect(filtered.agents.nodes).toEqual([]);
    expect(codes(await stack.run(org.as('MEMBER'), CREATE, { input: { name: 'x', gatewayId: gateway.id } }))).toEqual([
      'FORBIDDEN',
    ]);
    // An agent reads itself and its peers, never another organization's.
    expect((await stack.ok(agentIdentity(mine[0], org.id), GET, { id: mine[1] })).agent.id).toBe(mine[1]);
    expect(codes(await stack.run(agentIdentity(mine[0], org.id), GET, { id: theirs.id }))).toEqual(['NOT_FOUND']);
  });

  it('lists agents of many gateways with one agent query (no N+1)', async () => {
    const org = await makeOrg(stack);
    for (let i = 0; i < 3; i += 1) {
      const gateway = await createGateway(stack, org.owner);
      await create(org, { name: 'x', gatewayId: gateway.id });
    }
    const statements: string[] = [];
    const stop = stack.fleet.runtime.database.onQuery((text) => statements.push(text));
    const result = await stack.ok(org.owner, '{ gateways { nodes { id agents { id name } } } }');
    stop();
    expect(result.gateways.nodes).toHaveLength(3);
    expect(statements.filter((text) => /from "fleet"\."agents"/.test(text))).toHaveLength(1);
  });

  it('a gateway with agents cannot be deleted (CONFLICT with the agent ids)', async () => {
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const agent = (await create(org, { name: 'stay', gatewayId: gateway.id })).createAgent;
    const refused = await stack.ok(
      org.owner,
      `mutation($id: ID!) { deleteGateway(id: $id) { __typename ... on DomainError { code ids } } }`,
      { id: gateway.id },
    );
    expect(refused.deleteGateway).toEqual({ __typename: 'DomainError', code: 'CONFLICT', ids: [agent.id] });
    await stack.ok(org.owner, DELETE, { id: agent.id });
    const deleted = await stack.ok(org.owner, `mutation($id: ID!) { deleteGateway(id: $id) { __typename } }`, {
      id: gateway.id,
    });
    expect(deleted.deleteGateway.__typename).toBe('DeleteGatewayPayload');
  });

  it('agentStatusChanged pushes the organization’s agents’ status changes, and only those', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const theirGateway = await createGateway(stack, other.owner);
    const context = stack.fleet.instance.createContext({
      identity: org.as('MEMBER'),
      requestId: randomUUID(),
      logger: stack.fleet.runtime.logger,
      credentialExpiresAt: undefined,
    });
    const stream = (await subscribe({
      schema: stack.fleet.instance.schema,
      document: parse('subscription { agentStatusChanged { agentId status lastError deleted agent { name status } } }'),
      contextValue: context,
    })) as AsyncGenerator<ExecutionResult>;
    await create(other, { name: 'elsewhere', gatewayId: theirGateway.id });
    const agent = (await create(org, { name: 'mine', gatewayId: gateway.id })).createAgent;
    const first = await stream.next();
    expect(first.value.data.agentStatusChanged).toEqual({
      agentId: agent.id,
      status: 'PROVISIONING',
      lastError: null,
      deleted: false,
      agent: { name: 'mine', status: 'PROVISIONING' },
    });
    await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
    const second = await stream.next();
    // The agent as it is now, not as the subscription's first event loaded it.
    expect(second.value.data.agentStatusChanged).toMatchObject({
      agentId: agent.id,
      status: 'ONLINE',
      deleted: false,
      agent: { name: 'mine', status: 'ONLINE' },
    });
    // Other consoles drop a deleted agent: its deletion comes on the same stream, without the agent.
    await stack.ok(org.owner, DELETE, { id: agent.id });
    const third = await stream.next();
    expect(third.value.data.agentStatusChanged).toEqual({
      agentId: agent.id,
      status: 'ONLINE',
      lastError: null,
      deleted: true,
      agent: null,
    });
    await stream.return?.(undefined);
  });
});
