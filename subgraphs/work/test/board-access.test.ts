import { randomUUID } from 'node:crypto';
import {
  anonymous,
  DATABASE_KINDS,
  executeAs,
  startTestSubgraph,
  system,
  type TestSubgraph,
  unique,
  userIdentity,
} from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import {
  CREATE_BOARD,
  CREATE_GROUP,
  codes,
  createBoard,
  createGroup,
  DELETE_BOARD,
  makeOrg,
  UPDATE_BOARD,
} from './fixtures.ts';

const BOARD = 'query($id: ID!) { board(id: $id) { id name } }';
const BOARDS = '{ boards(first: 100) { nodes { id } } }';

describe.each(DATABASE_KINDS)('board access on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const ids = (result: { data?: Record<string, any> | null }) =>
    ((result.data?.boards.nodes ?? []) as { id: string }[]).map((node) => node.id).sort();

  it('a member without access sees no board and cannot open one', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    expect(ids(await run(org.member, BOARDS))).toEqual([]);
    const read = await run(org.member, BOARD, { id: board.id });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(read.data).toBeNull();
    const update = await run(org.member, UPDATE_BOARD, { id: board.id, input: { name: 'x' } });
    expect(update.data?.updateBoard).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a read grant reads but does not write; a write grant writes', async () => {
    const org = makeOrg();
    const [readable, writable, hidden] = [
      await createBoard(subgraph.instance, org.owner),
      await createBoard(subgraph.instance, org.owner),
      await createBoard(subgraph.instance, org.owner),
    ];
    const member = org.as('MEMBER', { boards: { [readable.id]: 'read', [writable.id]: 'write' } });
    expect(ids(await run(member, BOARDS))).toEqual([readable.id, writable.id].sort());
    expect((await run(member, BOARD, { id: readable.id })).data?.board).toMatchObject({ id: readable.id });
    expect(codes(await run(member, BOARD, { id: hidden.id }))).toEqual(['NOT_FOUND']);

    const denied = await run(member, UPDATE_BOARD, { id: readable.id, input: { name: 'x' } });
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    const allowed = await run(member, UPDATE_BOARD, { id: writable.id, input: { name: 'Written' } });
    expect(allowed.data?.updateBoard).toMatchObject({ __typename: 'Board', name: 'Written' });

    // Deleting needs the admin role as well as write access.
    expect(codes(await run(member, DELETE_BOARD, { id: writable.id }))).toEqual(['FORBIDDEN']);
    const admin = org.as('ADMIN', { boards: { [writable.id]: 'write', [readable.id]: 'read' } });
    expect(codes(await run(admin, DELETE_BOARD, { id: readable.id }))).toEqual(['FORBIDDEN']);
    expect((await run(admin, DELETE_BOARD, { id: writable.id })).data?.deleteBoard).toMatchObject({
      deletedBoardId: writable.id,
    });
  });

  it('members cannot create boards or groups; admins with org-wide write and owners can', async () => {
    const org = makeOrg();
    const input = { name: unique('B'), description: 'd' };
    expect(codes(await run(org.member, CREATE_BOARD, { input }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(org.member, CREATE_GROUP, { input: { name: unique('G') } }))).toEqual(['FORBIDDEN']);
    // The admin role alone grants no board access, so it cannot create a board it could not use.
    expect(codes(await run(org.as('ADMIN'), CREATE_BOARD, { input }))).toEqual(['FORBIDDEN']);
    await createBoard(subgraph.instance, org.as('ADMIN', { allBoardsWrite: true }));
    await createBoard(subgraph.instance, org.as('OWNER'));
    await createGroup(subgraph.instance, org.as('ADMIN'));
    expect(ids(await run(org.member, BOARDS))).toEqual([]);
  });

  it('the owner can do everything on every board of the organization', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.as('ADMIN', { allBoardsWrite: true }));
    const owner = org.as('OWNER');
    expect(ids(await run(owner, BOARDS))).toEqual([board.id]);
    expect((await run(owner, UPDATE_BOARD, { id: board.id, input: { maxAgents: 5 } })).data?.updateBoard).toMatchObject(
      {
        maxAgents: 5,
      },
    );
    expect((await run(owner, DELETE_BOARD, { id: board.id })).data?.deleteBoard).toMatchObject({
      deletedBoardId: board.id,
    });
  });

  it('allBoardsRead lets a member read every board but write none', async () => {
    const org = makeOrg();
    const a = await createBoard(subgraph.instance, org.owner);
    const b = await createBoard(subgraph.instance, org.owner);
    const reader = org.as('MEMBER', { allBoardsRead: true });
    expect(ids(await run(reader, BOARDS))).toEqual([a.id, b.id].sort());
    expect((await run(reader, BOARD, { id: b.id })).data?.board.id).toBe(b.id);
    expect(codes(await run(reader, UPDATE_BOARD, { id: a.id, input: { name: 'x' } }))).toEqual(['FORBIDDEN']);
    const writer = org.as('MEMBER', { allBoardsWrite: true });
    expect((await run(writer, UPDATE_BOARD, { id: a.id, input: { name: 'W' } })).data?.updateBoard).toMatchObject({
      name: 'W',
    });
  });

  it('refuses callers who are not signed-in members', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    expect(codes(await run(anonymous, BOARD, { id: board.id }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run(anonymous, BOARDS))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run(system, BOARDS))).toEqual(['FORBIDDEN']);
    // Agents read and list the boards of their own organization only (agent-reads.test.ts, agents.test.ts).
    const agent = { kind: 'agent' as const, agentId: randomUUID(), orgId: org.id, credentialId: randomUUID() };
    expect(codes(await run(agent, BOARDS))).toEqual([]);
    const stranger = { ...agent, orgId: randomUUID() };
    expect(codes(await run(stranger, BOARD, { id: board.id }))).toEqual(['NOT_FOUND']);
    expect(JSON.stringify((await run(stranger, BOARDS)).data)).not.toContain(board.id);
    // A person acting in no organization finds nothing.
    expect(codes(await run(userIdentity(randomUUID()), BOARD, { id: board.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await run(userIdentity(randomUUID()), BOARDS))).toEqual(['NOT_FOUND']);
  });

  describe('tenant isolation', () => {
    it('every root field given another organization’s ids answers NOT_FOUND and leaks nothing', async () => {
      const victim = makeOrg();
      const group = await createGroup(subgraph.instance, victim.owner);
      const board = await createBoard(subgraph.instance, victim.owner, { groupId: group.id });
      const attacker = makeOrg().owner; // owner of its own organization: the strongest role elsewhere

      const queries: [string, Record<string, unknown>][] = [
        [BOARD, { id: board.id }],
        ['query($id: ID!) { boardGroup(id: $id) { id name } }', { id: group.id }],
        ['query($g: ID!) { boards(groupId: $g) { nodes { id } } }', { g: group.id }],
      ];
      for (const [query, variables] of queries) {
        const result = await run(attacker, query, variables);
        expect(codes(result), query).toEqual(['NOT_FOUND']);
        expect(JSON.stringify(result)).not.toContain(group.name);
        expect(JSON.stringify(result)).not.toContain(board.name);
      }
      expect(ids(await run(attacker, BOARDS))).toEqual([]);
      expect((await run(attacker, '{ boardGroups { id } }')).data?.boardGroups).toEqual([]);

      const mutations: [string, Record<string, unknown>, string][] = [
        [UPDATE_BOARD, { id: board.id, input: { name: 'pwned' } }, 'updateBoard'],
        [DELETE_BOARD, { id: board.id }, 'deleteBoard'],
        [
          'mutation($id: ID!) { updateBoardGroup(id: $id, input: { name: "pwned" }) { __typename ... on DomainError { code } } }',
          { id: group.id },
          'updateBoardGroup',
        ],
        [
          'mutation($id: ID!) { deleteBoardGroup(id: $id) { __typename ... on DomainError { code } } }',
          { id: group.id },
          'deleteBoardGroup',
        ],
        [CREATE_BOARD, { input: { name: unique('B'), description: 'd', groupId: group.id } }, 'createBoard'],
      ];
      for (const [mutation, variables, field] of mutations) {
        const result = await run(attacker, mutation, variables);
        expect(result.errors, field).toBeUndefined();
        expect(result.data?.[field], field).toMatchObject({ __typename: 'DomainError', code: 'NOT_FOUND' });
      }

      // The victim's data is untouched.
      const check = await run(victim.owner, 'query($id: ID!) { board(id: $id) { name group { name } } }', {
        id: board.id,
      });
      expect(check.data?.board).toEqual({ name: board.name, group: { name: group.name } });
    });

    it('Organization fields and entities of another organization resolve to errors, not data', async () => {
      const victim = makeOrg();
      const group = await createGroup(subgraph.instance, victim.owner);
      const board = await createBoard(subgraph.instance, victim.owner, { groupId: group.id });
      const attacker = makeOrg().owner;
      const result = await run(
        attacker,
        `query($r: [_Any!]!) { _entities(representations: $r) {
          ... on Board { id name } ... on BoardGroup { id name }
          ... on Organization { boards { nodes { id } } } } }`,
        {
          r: [
            { __typename: 'Board', id: board.id },
            { __typename: 'BoardGroup', id: group.id },
            { __typename: 'Organization', id: victim.id },
          ],
        },
      );
      expect(result.data?._entities).toEqual([null, null, null]);
      expect(codes(result)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
      expect(JSON.stringify(result)).not.toContain(board.name);
      const groups = await run(
        attacker,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { boardGroups { id } } } }',
        {
          r: [{ __typename: 'Organization', id: victim.id }],
        },
      );
      expect(codes(groups)).toEqual(['NOT_FOUND']);
    });

    it('invalid ids are BAD_USER_INPUT, never a database error', async () => {
      const org = makeOrg();
      for (const [query, variables] of [
        [BOARD, { id: 'nope' }],
        ['query($id: ID!) { boardGroup(id: $id) { id } }', { id: "1' or 1=1" }],
        ['query($g: ID!) { boards(groupId: $g) { nodes { id } } }', { g: '123' }],
        ['{ boards(after: "garbage") { nodes { id } } }', {}],
        ['{ boards(first: 0) { nodes { id } } }', {}],
        ['{ boards(first: 101) { nodes { id } } }', {}],
      ] as const) {
        const result = await run(org.owner, query, variables);
        expect(codes(result), query).toEqual(['BAD_USER_INPUT']);
        expect(result.internal).toEqual([]);
      }
      for (const [mutation, field] of [
        [DELETE_BOARD, 'deleteBoard'],
        [UPDATE_BOARD.replace('$input: UpdateBoardInput!', '$input: UpdateBoardInput = {}'), 'updateBoard'],
      ] as const) {
        const result = await run(org.owner, mutation, { id: 'not-an-id' });
        expect(result.data?.[field]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      }
      const entity = await run(
        org.owner,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Board { id } } }',
        {
          r: [{ __typename: 'Board', id: 'xyz' }],
        },
      );
      expect(codes(entity)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
