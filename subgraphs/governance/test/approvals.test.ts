/**
 * Approvals through the governance schema on a real database: every rule with its failure code, the
 * one-pending-approval-per-task invariant under a race, resolution, the domain events work consumes,
 * and the entity fields (`Task.approvals`, `Board.pendingApprovalCount`).
 */
import { randomUUID } from 'node:crypto';
import { type DomainEvent, DomainEvents, ensureEventTables, systemClock } from '@mc/kit';
import {
  anonymous,
  DATABASE_KINDS,
  executeAs,
  startTestSubgraph,
  type TestSubgraph,
  userIdentity,
} from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { type ApprovalChange, governanceEvents } from '../src/domain-events.ts';
import { governanceModule } from '../src/index.ts';
import {
  APPROVAL_FIELDS,
  APPROVE,
  approvalInput,
  CREATE_APPROVAL,
  codes,
  createApproval,
  knownBoard,
  makeOrg,
  REJECT,
  workEvent,
} from './fixtures.ts';

describe.each(DATABASE_KINDS)('approvals on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  let probe: DomainEvents;
  const received: DomainEvent<ApprovalChange>[] = [];

  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind);
    // Another subgraph (as work will) consuming governance's events from the shared stream.
    const schema = `probe_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(subgraph.runtime.database, schema);
    probe = new DomainEvents({
      database: subgraph.runtime.database,
      schema,
      stream: subgraph.runtime.events.stream,
      clock: systemClock,
      logger: subgraph.runtime.logger,
    });
    await probe.consume([governanceEvents.approvalRequested, governanceEvents.approvalResolved], async (event) => {
      received.push(event);
    });
  });
  afterAll(async () => {
    await probe?.stop();
    await subgraph?.close();
  });

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const board = (orgId: string) => knownBoard(subgraph.runtime, orgId);

  it('creates an approval with everything it was given, and reads it back', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const taskIds = [randomUUID(), randomUUID()];
    const result = await run(org.owner, CREATE_APPROVAL, {
      input: approvalInput(boardId, [...taskIds, taskIds[0]], { actionType: '  deploy  ' }),
    });
    expect(result.errors).toBeUndefined();
    const approval = result.data?.createApproval;
    expect(approval).toMatchObject({
      __typename: 'Approval',
      actionType: 'deploy',
      payload: { reason: 'finished', checks: [1, 2] },
      confidence: 80,
      rubricScores: [{ criterion: 'tests pass', score: 90 }],
      reasoning: 'All checks are green',
      status: 'PENDING',
      board: { id: boardId },
      tasks: taskIds.map((id) => ({ id })),
      requestedBy: { kind: 'USER', id: org.ownerId },
      resolvedBy: null,
      resolvedAt: null,
    });
    const read = await run(org.owner, `query($id: ID!) { approval(id: $id) { ${APPROVAL_FIELDS} } }`, {
      id: approval.id,
    });
    expect(read.errors).toBeUndefined();
    expect(read.data?.approval).toMatchObject({
      id: approval.id,
      status: 'PENDING',
      tasks: taskIds.map((id) => ({ id })),
    });
  });

  it.each([
    ['confidence above 100', { confidence: 101 }, 'input.confidence'],
    ['negative confidence', { confidence: -1 }, 'input.confidence'],
    ['empty reasoning', { reasoning: '   ' }, 'input.reasoning'],
    ['no tasks', { taskIds: [] }, 'input.taskIds'],
    ['a malformed task id', { taskIds: ['nope'] }, 'input.taskIds.0'],
    ['a malformed board id', { boardId: 'nope' }, 'input.boardId'],
    ['an action type over 100 characters', { actionType: 'x'.repeat(101) }, 'input.actionType'],
    ['a rubric score above 100', { rubricScores: [{ criterion: 'x', score: 101 }] }, 'input.rubricScores.0.score'],
    ['an empty rubric criterion', { rubricScores: [{ criterion: ' ', score: 1 }] }, 'input.rubricScores.0.criterion'],
  ])('refuses %s with BAD_USER_INPUT', async (_name, patch, field) => {
    const org = makeOrg();
    const result = await run(org.owner, CREATE_APPROVAL, {
      input: approvalInput(await board(org.id), [randomUUID()], patch),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createApproval).toMatchObject({ __typename: 'DomainError', code: 'BAD_USER_INPUT', field });
  });

  // Agents: `approvals-agents.test.ts`.
  it('needs a person with write access to the board', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const input = approvalInput(boardId, [randomUUID()]);
    const reader = org.as('MEMBER', { boards: { [boardId]: 'read' } });
    expect(codes(await run(reader, CREATE_APPROVAL, { input }))).toEqual(['FORBIDDEN']);
    const stranger = org.as('MEMBER');
    expect((await run(stranger, CREATE_APPROVAL, { input })).data?.createApproval).toMatchObject({
      code: 'NOT_FOUND',
      ids: [boardId],
    });
    expect(codes(await run(anonymous, CREATE_APPROVAL, { input }))).toEqual(['UNAUTHENTICATED']);
    const writer = org.as('MEMBER', { boards: { [boardId]: 'write' } });
    expect((await run(writer, CREATE_APPROVAL, { input })).data?.createApproval.__typename).toBe('Approval');
  });

  it('allows one pending approval per task (CONFLICT names the tasks), again once it is resolved', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const first = await createApproval(subgraph.instance, org.owner, boardId, [a, b]);
    const clash = await run(org.owner, CREATE_APPROVAL, { input: approvalInput(boardId, [c, b]) });
    expect(clash.data?.createApproval).toMatchObject({ code: 'CONFLICT', ids: [b], field: 'input.taskIds' });
    // Nothing of the refused approval was kept: c is still free.
    await createApproval(subgraph.instance, org.owner, boardId, [c]);
    await run(org.owner, REJECT, { id: first.id, reason: 'not yet' });
    await createApproval(subgraph.instance, org.owner, boardId, [a, b]);
  });

  it('lets exactly one of two simultaneous requests for the same task win', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const task = randomUUID();
    const results = await Promise.all(
      [0, 1, 2].map(() => run(org.owner, CREATE_APPROVAL, { input: approvalInput(boardId, [task]) })),
    );
    const kinds = results.map((result) => result.data?.createApproval.__typename ?? result.errors?.[0].message);
    expect(kinds.filter((name) => name === 'Approval')).toHaveLength(1);
    for (const result of results) {
      if (result.data?.createApproval.__typename === 'DomainError') {
        expect(result.data.createApproval).toMatchObject({ code: 'CONFLICT', ids: [task] });
      }
    }
  });

  it('approves and rejects with the resolver and time recorded; resolving twice is a CONFLICT', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const approverId = randomUUID();
    const approver = org.as('MEMBER', { boards: { [boardId]: 'write' } }, approverId);
    const one = await createApproval(subgraph.instance, org.owner, boardId);
    const before = Date.now();
    const approved = await run(approver, APPROVE, { id: one.id, note: 'ship it' });
    expect(approved.data?.approveApproval).toMatchObject({
      status: 'APPROVED',
      resolvedBy: { kind: 'USER', id: approverId },
      resolutionNote: 'ship it',
    });
    expect(new Date(approved.data?.approveApproval.resolvedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await run(approver, APPROVE, { id: one.id })).data?.approveApproval).toMatchObject({
      code: 'CONFLICT',
      ids: [one.id],
    });
    expect((await run(approver, REJECT, { id: one.id, reason: 'late' })).data?.rejectApproval.code).toBe('CONFLICT');

    const two = await createApproval(subgraph.instance, org.owner, boardId);
    expect((await run(approver, REJECT, { id: two.id, reason: '  ' })).data?.rejectApproval).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const reader = org.as('MEMBER', { boards: { [boardId]: 'read' } });
    expect(codes(await run(reader, APPROVE, { id: two.id }))).toEqual(['FORBIDDEN']);
    const rejected = await run(approver, REJECT, { id: two.id, reason: 'too risky' });
    expect(rejected.data?.rejectApproval).toMatchObject({
      status: 'REJECTED',
      resolvedBy: { kind: 'USER', id: approverId },
      resolutionNote: 'too risky',
    });
    expect((await run(approver, APPROVE, { id: 'nope' })).data?.approveApproval).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('records approvalRequested and approvalResolved for other subgraphs, once each', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const taskIds = [randomUUID(), randomUUID()];
    const approval = await createApproval(subgraph.instance, org.owner, boardId, taskIds);
    await run(org.owner, APPROVE, { id: approval.id });
    const mine = () => received.filter((event) => event.payload.approvalId === approval.id);
    await expect
      .poll(() => mine().map((event) => [event.topic, event.payload.status]))
      .toEqual([
        ['governance.approvalRequested', 'PENDING'],
        ['governance.approvalResolved', 'APPROVED'],
      ]);
    expect(mine()[1]).toMatchObject({
      organizationId: org.id,
      actor: { kind: 'USER', id: org.ownerId },
      payload: { approvalId: approval.id, boardId, taskIds, status: 'APPROVED' },
    });
    // A refused request records nothing.
    await run(org.owner, CREATE_APPROVAL, { input: approvalInput(boardId, taskIds, { confidence: 500 }) });
    await new Promise((done) => setTimeout(done, 100));
    expect(received.filter((event) => event.organizationId === org.id)).toHaveLength(2);
  });

  it('lists approvals newest first with filters and cursor pages', async () => {
    const org = makeOrg();
    const [boardA, boardB] = [await board(org.id), await board(org.id)];
    const task = randomUUID();
    const a1 = await createApproval(subgraph.instance, org.owner, boardA, [task]);
    const a2 = await createApproval(subgraph.instance, org.owner, boardA);
    const b1 = await createApproval(subgraph.instance, org.owner, boardB);
    await run(org.owner, APPROVE, { id: a1.id });
    const LIST = `query($filter: ApprovalFilter, $first: Int, $after: String) { approvals(filter: $filter, first: $first, after: $after) {
      edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }`;
    const ids = (result: { data?: any }) => result.data?.approvals.edges.map((edge: any) => edge.node.id);

    expect(ids(await run(org.owner, LIST, {}))).toEqual([b1.id, a2.id, a1.id]);
    expect(ids(await run(org.owner, LIST, { filter: { boardId: boardA } }))).toEqual([a2.id, a1.id]);
    expect(ids(await run(org.owner, LIST, { filter: { status: 'PENDING' } }))).toEqual([b1.id, a2.id]);
    expect(ids(await run(org.owner, LIST, { filter: { taskId: task } }))).toEqual([a1.id]);

    const page1 = await run(org.owner, LIST, { first: 2 });
    expect(ids(page1)).toEqual([b1.id, a2.id]);
    expect(page1.data?.approvals.pageInfo.hasNextPage).toBe(true);
    const page2 = await run(org.owner, LIST, { first: 2, after: page1.data?.approvals.pageInfo.endCursor });
    expect(ids(page2)).toEqual([a1.id]);
    expect(page2.data?.approvals.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: page2.data?.approvals.edges[0].cursor,
    });

    // A member sees only the boards they may read.
    const onlyB = org.as('MEMBER', { boards: { [boardB]: 'read' } });
    expect(ids(await run(onlyB, LIST, {}))).toEqual([b1.id]);
    expect(codes(await run(onlyB, LIST, { filter: { boardId: boardA } }))).toEqual(['NOT_FOUND']);
    expect(codes(await run(onlyB, `query($id: ID!) { approval(id: $id) { id } }`, { id: a1.id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await run(org.owner, LIST, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run(org.owner, LIST, { after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('extends Task and Board by key, batched', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    const [t1, t2] = [randomUUID(), randomUUID()];
    const older = await createApproval(subgraph.instance, org.owner, boardId, [t1]);
    await run(org.owner, APPROVE, { id: older.id });
    const newer = await createApproval(subgraph.instance, org.owner, boardId, [t1, t2]);
    const seen: string[] = [];
    const stop = subgraph.runtime.database.onQuery((sql) => seen.push(sql));
    const result = await run(
      org.owner,
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Task { id approvals { id status } } ... on Board { id pendingApprovalCount } } }`,
      {
        reps: [
          { __typename: 'Task', id: t1 },
          { __typename: 'Task', id: t2 },
          { __typename: 'Task', id: randomUUID() },
          { __typename: 'Board', id: boardId },
          { __typename: 'Board', id: randomUUID() },
        ],
      },
    );
    stop();
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        id: t1,
        approvals: [
          { id: newer.id, status: 'PENDING' },
          { id: older.id, status: 'APPROVED' },
        ],
      },
      { id: t2, approvals: [{ id: newer.id, status: 'PENDING' }] },
      { id: expect.any(String), approvals: [] },
      { id: boardId, pendingApprovalCount: 1 },
      { id: expect.any(String), pendingApprovalCount: 0 },
    ]);
    // One statement for the approvals of all tasks, one for their task lists, one for the counts
    // (the outbox relay may poll meanwhile; it is not ours to count).
    expect(seen.filter((sql) => sql.includes('approval'))).toHaveLength(3);
  });

  it('shows Task.approvals and counts only on boards the caller may read', async () => {
    const org = makeOrg();
    const [boardA, boardB] = [await board(org.id), await board(org.id)];
    const [taskA, taskB] = [randomUUID(), randomUUID()];
    const onA = await createApproval(subgraph.instance, org.owner, boardA, [taskA]);
    await createApproval(subgraph.instance, org.owner, boardB, [taskB]);
    const onlyA = org.as('MEMBER', { boards: { [boardA]: 'read' } });
    const result = await run(
      onlyA,
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Task { approvals { id } } ... on Board { pendingApprovalCount } } }`,
      {
        reps: [
          { __typename: 'Task', id: taskA },
          { __typename: 'Task', id: taskB },
          { __typename: 'Board', id: boardA },
          { __typename: 'Board', id: boardB },
        ],
      },
    );
    expect(result.data?._entities).toEqual([
      { approvals: [{ id: onA.id }] },
      { approvals: [] },
      { pendingApprovalCount: 1 },
      { pendingApprovalCount: 0 },
    ]);
  });

  it('lists a page in two statements (approvals, then their tasks), whatever its size', async () => {
    const org = makeOrg();
    const boardId = await board(org.id);
    for (let i = 0; i < 6; i += 1) await createApproval(subgraph.instance, org.owner, boardId, [randomUUID()]);
    for (const first of [2, 6]) {
      const seen: string[] = [];
      const stop = subgraph.runtime.database.onQuery((statement) => seen.push(statement));
      const result = await run(
        org.owner,
        'query($first: Int) { approvals(first: $first) { nodes { id tasks { id } } } }',
        {
          first,
        },
      );
      stop();
      expect(result.data?.approvals.nodes).toHaveLength(first);
      expect(seen.filter((statement) => statement.includes('approval'))).toHaveLength(2);
    }
  });

  it('checks boards and tasks it heard of from work: organization, board, deletion', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const [boardA, boardB, theirBoard] = [randomUUID(), randomUUID(), randomUUID()];
    const [onA, onB, gone, theirs] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await subgraph.runtime.events.stream.append([
      workEvent('taskCreated', org.id, { boardId: boardA, taskId: onA }),
      workEvent('taskCreated', org.id, { boardId: boardB, taskId: onB }),
      workEvent('taskCreated', org.id, { boardId: boardA, taskId: gone }),
      workEvent('taskDeleted', org.id, { boardId: boardA, taskId: gone, before: { status: 'INBOX' } }),
      workEvent('taskCreated', other.id, { boardId: theirBoard, taskId: theirs }),
    ]);
    await expect
      .poll(async () => {
        const result = await subgraph.runtime.database.db.execute(
          sql`select count(*)::int as n from governance.task_states where task_id in (${onA}, ${onB}, ${gone}, ${theirs})`,
        );
        return (result as unknown as { rows: { n: number }[] }).rows[0].n;
      })
      .toBe(4);
    const attempt = async (boardId: string, taskIds: string[]) =>
      (await run(org.owner, CREATE_APPROVAL, { input: approvalInput(boardId, taskIds) })).data?.createApproval;
    expect(await attempt(theirBoard, [randomUUID()])).toMatchObject({ code: 'NOT_FOUND', ids: [theirBoard] });
    expect(await attempt(boardA, [onA, theirs])).toMatchObject({ code: 'NOT_FOUND', ids: [theirs] });
    expect(await attempt(boardA, [gone])).toMatchObject({ code: 'NOT_FOUND', ids: [gone] });
    expect(await attempt(boardA, [onA, onB])).toMatchObject({ code: 'BAD_USER_INPUT', ids: [onB] });
    expect(await attempt(boardA, [onA, randomUUID()])).toMatchObject({ __typename: 'Approval' });
    // Queries with the other organization's board: NOT_FOUND as well.
    expect(
      codes(
        await run(org.owner, 'query($b: ID!) { approvals(filter: { boardId: $b }) { nodes { id } } }', {
          b: theirBoard,
        }),
      ),
    ).toEqual(['NOT_FOUND']);
  });

  it('never shows or changes another organization’s approvals (NOT_FOUND)', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const boardId = await board(org.id);
    const task = randomUUID();
    const approval = await createApproval(subgraph.instance, org.owner, boardId, [task]);
    const intruder = other.owner;
    expect(codes(await run(intruder, `query($id: ID!) { approval(id: $id) { id } }`, { id: approval.id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect((await run(intruder, APPROVE, { id: approval.id })).data?.approveApproval.code).toBe('NOT_FOUND');
    expect((await run(intruder, REJECT, { id: approval.id, reason: 'x' })).data?.rejectApproval.code).toBe('NOT_FOUND');
    const list = await run(intruder, '{ approvals { nodes { id } } }');
    expect(list.data?.approvals.nodes).toEqual([]);
    const entities = await run(
      intruder,
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Task { approvals { id } } ... on Board { pendingApprovalCount } } }`,
      {
        reps: [
          { __typename: 'Task', id: task },
          { __typename: 'Board', id: boardId },
        ],
      },
    );
    expect(entities.data?._entities).toEqual([{ approvals: [] }, { pendingApprovalCount: 0 }]);
    // A user with no organization at all.
    const orphan = userIdentity(randomUUID(), null);
    expect(codes(await run(orphan, '{ approvals { nodes { id } } }'))).toEqual(['NOT_FOUND']);
    // The approval is untouched.
    const read = await run(org.owner, `query($id: ID!) { approval(id: $id) { status } }`, { id: approval.id });
    expect(read.data?.approval.status).toBe('PENDING');
  });
});
