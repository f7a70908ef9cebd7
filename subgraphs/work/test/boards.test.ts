import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { type BoardEvent, boardCreated, boardDeleted, boardUpdated } from '../src/events.ts';
import { workModule } from '../src/index.ts';
import {
  BOARD_FIELDS,
  CREATE_BOARD,
  codes,
  createBoard,
  createGroup,
  DELETE_BOARD,
  makeOrg,
  UPDATE_BOARD,
} from './fixtures.ts';

describe.each(DATABASE_KINDS)('boards on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  it('creates a board with defaults, reads it, updates it and deletes it', async () => {
    const org = makeOrg();
    const name = unique('Launch');
    const created = await run(org.owner, CREATE_BOARD, { input: { name: `  ${name}  `, description: ' Ship it ' } });
    expect(created.errors).toBeUndefined();
    const board = created.data?.createBoard;
    expect(board).toMatchObject({
      __typename: 'Board',
      name,
      slug: name.toLowerCase(),
      description: 'Ship it',
      kind: 'GENERAL',
      goalConfirmed: false,
      objective: null,
      requireApprovalForDone: true,
      requireReviewBeforeDone: false,
      commentRequiredForReview: false,
      blockStatusChangesWithPendingApproval: false,
      onlyLeadChangesStatus: false,
      maxAgents: 1,
      organization: { id: org.id },
      group: null,
    });

    const read = await run(org.owner, `query($id: ID!) { board(id: $id) { ${BOARD_FIELDS} } }`, { id: board.id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.board).toMatchObject({ id: board.id, name });

    const group = await createGroup(subgraph.instance, org.owner);
    const updated = await run(org.owner, UPDATE_BOARD, {
      id: board.id,
      input: {
        name: 'Renamed',
        slug: unique('renamed'),
        groupId: group.id,
        requireApprovalForDone: false,
        onlyLeadChangesStatus: true,
        maxAgents: 0,
      },
    });
    expect(updated.data?.updateBoard).toMatchObject({
      __typename: 'Board',
      name: 'Renamed',
      description: 'Ship it',
      requireApprovalForDone: false,
      onlyLeadChangesStatus: true,
      maxAgents: 0,
      group: { id: group.id, name: group.name },
    });
    expect(new Date(updated.data?.updateBoard.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(board.updatedAt).getTime(),
    );

    const detached = await run(org.owner, UPDATE_BOARD, { id: board.id, input: { groupId: null } });
    expect(detached.data?.updateBoard).toMatchObject({ group: null, name: 'Renamed' });

    const deleted = await run(org.owner, DELETE_BOARD, { id: board.id });
    expect(deleted.data?.deleteBoard).toEqual({ __typename: 'DeleteBoardPayload', deletedBoardId: board.id });
    const gone = await run(org.owner, `query($id: ID!) { board(id: $id) { id } }`, { id: board.id });
    expect(codes(gone)).toEqual(['NOT_FOUND']);
    const again = await run(org.owner, DELETE_BOARD, { id: board.id });
    expect(again.data?.deleteBoard).toMatchObject({ __typename: 'DomainError', code: 'NOT_FOUND' });
  });

  it('refuses invalid input with BAD_USER_INPUT naming the field', async () => {
    const org = makeOrg();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '   ' }, 'input.name'],
      [{ name: 'x'.repeat(121) }, 'input.name'],
      [{ description: '  ' }, 'input.description'],
      [{ slug: 'Not A Slug' }, 'input.slug'],
      [{ name: '!!!' }, 'input.slug'],
      [{ maxAgents: -1 }, 'input.maxAgents'],
      [{ groupId: 'not-a-uuid' }, 'input.groupId'],
      [{ kind: 'GOAL', goalConfirmed: true, successMetrics: 'NPS > 40' }, 'input.objective'],
      [{ kind: 'GOAL', goalConfirmed: true, objective: 'Grow', successMetrics: '  ' }, 'input.successMetrics'],
    ];
    for (const [input, field] of cases) {
      const result = await run(org.owner, CREATE_BOARD, {
        input: { name: unique('B'), description: 'd', ...input },
      });
      expect(result.errors, field).toBeUndefined();
      expect(result.data?.createBoard, JSON.stringify(input)).toMatchObject({
        __typename: 'DomainError',
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    const list = await run(org.owner, '{ boards { nodes { id } } }');
    expect(list.data?.boards.nodes).toEqual([]);
  });

  it('requires objective and success metrics only for a confirmed goal board, also on update', async () => {
    const org = makeOrg();
    const draft = await createBoard(subgraph.instance, org.owner, { kind: 'GOAL' });
    const confirm = await run(org.owner, UPDATE_BOARD, { id: draft.id, input: { goalConfirmed: true } });
    expect(confirm.data?.updateBoard).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.objective' });

    const ok = await run(org.owner, UPDATE_BOARD, {
      id: draft.id,
      input: { goalConfirmed: true, objective: 'Reach 1k users', successMetrics: 'Weekly actives ≥ 1000' },
    });
    expect(ok.data?.updateBoard).toMatchObject({ __typename: 'Board', kind: 'GOAL', goalConfirmed: true });

    const clear = await run(org.owner, UPDATE_BOARD, { id: draft.id, input: { successMetrics: null } });
    expect(clear.data?.updateBoard).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.successMetrics' });
    const general = await run(org.owner, UPDATE_BOARD, {
      id: draft.id,
      input: { kind: 'GENERAL', successMetrics: null },
    });
    expect(general.data?.updateBoard).toMatchObject({ __typename: 'Board', kind: 'GENERAL', successMetrics: null });
  });

  it('keeps slugs unique per organization (CONFLICT), not across organizations', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const slug = unique('ops');
    await createBoard(subgraph.instance, org.owner, { slug });
    const duplicate = await run(org.owner, CREATE_BOARD, { input: { name: 'Ops', slug, description: 'd' } });
    expect(duplicate.data?.createBoard).toMatchObject({
      __typename: 'DomainError',
      code: 'CONFLICT',
      field: 'input.slug',
    });
    await createBoard(subgraph.instance, other.owner, { slug });

    const second = await createBoard(subgraph.instance, org.owner);
    const rename = await run(org.owner, UPDATE_BOARD, { id: second.id, input: { slug } });
    expect(rename.data?.updateBoard).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    const same = await run(org.owner, UPDATE_BOARD, { id: second.id, input: { slug: second.slug } });
    expect(same.data?.updateBoard).toMatchObject({ __typename: 'Board', slug: second.slug });
  });

  it('refuses a group of another organization as NOT_FOUND', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const foreign = await createGroup(subgraph.instance, other.owner);
    const result = await run(org.owner, CREATE_BOARD, {
      input: { name: unique('B'), description: 'd', groupId: foreign.id },
    });
    expect(result.data?.createBoard).toMatchObject({ code: 'NOT_FOUND', field: 'input.groupId', ids: [foreign.id] });
  });

  it('publishes boardCreated, boardUpdated and boardDeleted after the change', async () => {
    const org = makeOrg();
    const received: [string, BoardEvent][] = [];
    const bus = subgraph.runtime.bus;
    const stops = await Promise.all(
      (
        [
          ['created', boardCreated],
          ['updated', boardUpdated],
          ['deleted', boardDeleted],
        ] as const
      ).map(([name, topic]) =>
        bus.subscribe(topic, (payload) => {
          if (payload.organizationId === org.id) received.push([name, payload]);
        }),
      ),
    );
    const board = await createBoard(subgraph.instance, org.owner);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { name: 'Changed' } });
    await run(org.owner, DELETE_BOARD, { id: board.id });
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const stop of stops) await stop();
    const actor = { kind: 'user', id: (org.owner as { userId: string }).userId };
    expect(received).toEqual([
      ['created', { organizationId: org.id, boardId: board.id, actor }],
      ['updated', { organizationId: org.id, boardId: board.id, actor }],
      ['deleted', { organizationId: org.id, boardId: board.id, actor }],
    ]);
  });
});
