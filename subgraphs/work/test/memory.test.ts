/**
 * Board and board-group memory: who reads and adds (people by board access and role, agents of the
 * organization), body limits, kinds, cursor pagination, batching, cascades on delete, tenant
 * isolation and the durable `boardMemoryAdded` events.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, statementsOf, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import type { WorkChange } from '../src/domain-events.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createGroup, DELETE_BOARD, makeOrg } from './fixtures.ts';

const ADD = `mutation($id: ID!, $kind: MemoryKind!, $body: String!) { addBoardMemory(boardId: $id, kind: $kind, body: $body) {
  __typename ... on MemoryEntry { id kind body author { kind id } createdAt } ... on DomainError { code field ids } } }`;
const ADD_GROUP = `mutation($id: ID!, $kind: MemoryKind!, $body: String!) { addBoardGroupMemory(boardGroupId: $id, kind: $kind, body: $body) {
  __typename ... on MemoryEntry { id kind body author { kind id } } ... on DomainError { code field ids } } }`;
const BOARD_MEMORY = `query($id: ID!, $kind: MemoryKind, $first: Int, $after: String) { board(id: $id) {
  memory(kind: $kind, first: $first, after: $after) { nodes { id kind body } pageInfo { hasNextPage endCursor } } } }`;
const GROUP_MEMORY = `query($id: ID!, $first: Int) { boardGroup(id: $id) {
  memory(first: $first) { nodes { id kind body author { kind } } } } }`;

const agentOf = (orgId: string): Extract<Identity, { kind: 'agent' }> => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

describe.each(DATABASE_KINDS)('board memory on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  const count = async (table: string, column: string, id: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} = ${id}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  it('lets writers and agents of the organization add, readers read; refuses the rest', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const agent = agentOf(org.id);
    const reader = org.as('MEMBER', { boards: { [board.id]: 'read' } });
    const note = await run(org.owner, ADD, { id: board.id, kind: 'NOTE', body: '  Deploys on Friday  ' });
    expect(note.data?.addBoardMemory).toMatchObject({
      kind: 'NOTE',
      body: 'Deploys on Friday',
      author: { kind: 'USER' },
    });
    const chat = await run(agent, ADD, { id: board.id, kind: 'CHAT', body: 'On it' });
    expect(chat.data?.addBoardMemory).toMatchObject({ kind: 'CHAT', author: { kind: 'AGENT', id: agent.agentId } });
    expect(codes(await run(reader, ADD, { id: board.id, kind: 'NOTE', body: 'x' }))).toEqual(['FORBIDDEN']);
    expect((await run(org.member, ADD, { id: board.id, kind: 'NOTE', body: 'x' })).data?.addBoardMemory).toMatchObject({
      code: 'NOT_FOUND',
    });
    for (const body of [' ', 'x'.repeat(20_001)]) {
      expect((await run(org.owner, ADD, { id: board.id, kind: 'NOTE', body })).data?.addBoardMemory).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'body',
      });
    }
    expect(
      (await run(org.owner, ADD, { id: board.id, kind: 'NOTE', body: 'x'.repeat(20_000) })).data?.addBoardMemory
        .__typename,
    ).toBe('MemoryEntry');
    // Another organization's people and agents: NOT_FOUND, like a random id.
    const stranger = makeOrg();
    for (const caller of [stranger.owner, agentOf(stranger.id)]) {
      expect((await run(caller, ADD, { id: board.id, kind: 'NOTE', body: 'x' })).data?.addBoardMemory).toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    expect(
      (await run(org.owner, ADD, { id: randomUUID(), kind: 'NOTE', body: 'x' })).data?.addBoardMemory,
    ).toMatchObject({ code: 'NOT_FOUND' });
    // Readers and agents read; the kind filters.
    for (const caller of [reader, agent]) {
      const read = await run(caller, BOARD_MEMORY, { id: board.id });
      expect(read.errors).toBeUndefined();
      expect(read.data?.board.memory.nodes.map((entry: { kind: string }) => entry.kind)).toEqual([
        'NOTE',
        'CHAT',
        'NOTE',
      ]);
    }
    const chats = await run(org.owner, BOARD_MEMORY, { id: board.id, kind: 'CHAT' });
    expect(chats.data?.board.memory.nodes).toEqual([{ id: chat.data?.addBoardMemory.id, kind: 'CHAT', body: 'On it' }]);
    expect((await run(stranger.owner, BOARD_MEMORY, { id: board.id })).data?.board ?? null).toBeNull();
  });

  it('pages memory with cursors and deletes it with the board; records boardMemoryAdded', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await run(org.owner, ADD, { id: board.id, kind: 'NOTE', body: `n${i}` })).data?.addBoardMemory.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const result = await run(org.owner, BOARD_MEMORY, { id: board.id, first: 2, after });
      const memory = result.data?.board.memory;
      seen.push(...memory.nodes.map((entry: { id: string }) => entry.id));
      expect(memory.pageInfo.hasNextPage).toBe(page < 2);
      after = memory.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
    for (const [first, cursor] of [
      [0, null],
      [101, null],
      [2, 'garbage'],
    ] as const) {
      const bad = await run(org.owner, BOARD_MEMORY, { id: board.id, first, after: cursor });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    }
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${org.id} order by seq`,
    );
    const events = (result as unknown as { rows: { event: unknown }[] }).rows
      .map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<WorkChange>)
      .filter((event) => event.topic === 'work.boardMemoryAdded');
    expect(events).toHaveLength(5);
    expect(events[0].payload).toEqual({
      boardId: board.id,
      boardGroupId: null,
      before: null,
      after: { memoryId: ids[0], kind: 'NOTE', body: 'n0' },
    });
    expect(await count('work.memory_entries', 'board_id', board.id)).toBe(5);
    expect((await run(org.owner, DELETE_BOARD, { id: board.id })).data?.deleteBoard.__typename).toBe(
      'DeleteBoardPayload',
    );
    expect(await count('work.memory_entries', 'board_id', board.id)).toBe(0);
  });

  it('group memory: members read, admins and agents add, deleted with the group', async () => {
    const org = makeOrg();
    const group = await createGroup(subgraph.instance, org.owner);
    const agent = agentOf(org.id);
    expect(
      (await run(org.admin, ADD_GROUP, { id: group.id, kind: 'NOTE', body: 'Q3 goals' })).data?.addBoardGroupMemory,
    ).toMatchObject({ kind: 'NOTE', author: { kind: 'USER' } });
    expect(
      (await run(agent, ADD_GROUP, { id: group.id, kind: 'CHAT', body: 'ack' })).data?.addBoardGroupMemory,
    ).toMatchObject({ author: { kind: 'AGENT', id: agent.agentId } });
    expect(codes(await run(org.member, ADD_GROUP, { id: group.id, kind: 'NOTE', body: 'x' }))).toEqual(['FORBIDDEN']);
    const stranger = makeOrg();
    for (const caller of [stranger.owner, agentOf(stranger.id)]) {
      expect(
        (await run(caller, ADD_GROUP, { id: group.id, kind: 'NOTE', body: 'x' })).data?.addBoardGroupMemory,
      ).toMatchObject({ code: 'NOT_FOUND' });
    }
    const read = await run(org.member, GROUP_MEMORY, { id: group.id });
    expect(read.data?.boardGroup.memory.nodes.map((entry: { body: string }) => entry.body)).toEqual([
      'Q3 goals',
      'ack',
    ]);
    const removed = await run(org.owner, 'mutation($id: ID!) { deleteBoardGroup(id: $id) { __typename } }', {
      id: group.id,
    });
    expect(removed.errors).toBeUndefined();
    expect(await count('work.memory_entries', 'board_group_id', group.id)).toBe(0);
  });

  it('loads the memory of every board of a list in one statement', async () => {
    const org = makeOrg();
    const query = `query { boards(first: 50) { nodes { id memory(first: 2) { nodes { id } } } } }`;
    // Only this query's statements, not the kit's background loops' (the outbox, the job queue).
    const statements = () =>
      statementsOf(subgraph.runtime.database, async () => {
        const result = await run(org.owner, query, {});
        expect(result.errors).toBeUndefined();
      });
    for (let i = 0; i < 2; i += 1) {
      const board = await createBoard(subgraph.instance, org.owner);
      await run(org.owner, ADD, { id: board.id, kind: 'NOTE', body: 'x' });
    }
    const small = (await statements()).length;
    for (let i = 0; i < 6; i += 1) {
      const board = await createBoard(subgraph.instance, org.owner);
      await run(org.owner, ADD, { id: board.id, kind: 'CHAT', body: 'y' });
    }
    const large = await statements();
    expect(large.length).toBe(small);
    expect(large.filter((statement) => statement.includes('memory_entries'))).toHaveLength(1);
  });
});
