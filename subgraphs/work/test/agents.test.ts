/**
 * Who may do what when the caller is an agent: the board's lead (assignment, moves, dependencies,
 * tags), workers (moves and comments on their own or unassigned tasks), the hand-offs of ownership,
 * `onlyLeadChangesStatus`, another organization's agents (NOT_FOUND), and blocked tasks that refuse
 * every change but their dependencies — for people too.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import {
  codes,
  createBoard,
  createTask,
  MOVE_TASK,
  makeOrg,
  SET_DEPENDENCIES,
  UPDATE_BOARD,
  UPDATE_TASK,
} from './fixtures.ts';

const TASK = `query($id: ID!) { task(id: $id) { id status assigneeAgentId lastWorkerAgentId } }`;
const BOARD_TASKS = `query($id: ID!) { board(id: $id) { id leadAgentId tasks(first: 100) { nodes { id } } } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { __typename } }`;
const DELETE_TASK = `mutation($id: ID!) { deleteTask(id: $id) { __typename ... on DomainError { code ids } } }`;
const ADD_COMMENT = `mutation($task: ID!, $body: String!) { addTaskComment(taskId: $task, body: $body) {
  __typename ... on TaskComment { id author { kind id } } ... on DomainError { code field ids } } }`;
const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } } }`;
const ATTACH = `mutation($task: ID!, $tags: [ID!]!) { attachTaskTags(taskId: $task, tagIds: $tags) {
  __typename ... on DomainError { code field ids } } }`;

const agentOf = (orgId: string): Extract<Identity, { kind: 'agent' }> => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

describe.each(DATABASE_KINDS)('agents on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  /** An organization, a board led by `lead`, two workers and another organization's agent. */
  async function setup(rules: Record<string, boolean> = {}) {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false, ...rules });
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const other = agentOf(org.id);
    const stranger = agentOf(makeOrg().id);
    const set = await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead.agentId } });
    expect(set.data?.updateBoard).toMatchObject({ __typename: 'Board' });
    const task = (input: Record<string, unknown> = {}) => createTask(subgraph.instance, org.owner, board.id, input);
    const move = async (caller: Identity, id: string, status: string, extra: Record<string, unknown> = {}) =>
      (await run(caller, MOVE_TASK, { id, status, ...extra })).data?.moveTask;
    const update = async (caller: Identity, id: string, input: Record<string, unknown>) =>
      (await run(caller, UPDATE_TASK, { id, input })).data?.updateTask;
    return { org, board, lead, worker, other, stranger, task, move, update };
  }

  it('a board has at most one lead, set by people with write access', async () => {
    const { org, board, lead } = await setup();
    expect((await run(org.owner, BOARD_TASKS, { id: board.id })).data?.board.leadAgentId).toBe(lead.agentId);
    const reader = org.as('MEMBER', { allBoardsRead: true });
    expect(codes(await run(reader, UPDATE_BOARD, { id: board.id, input: { leadAgentId: randomUUID() } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await run(lead, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead.agentId } }))).toEqual([
      'FORBIDDEN',
    ]);
    const bad = await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: 'nope' } });
    expect(bad.data?.updateBoard).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.leadAgentId' });
    const next = randomUUID();
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: next } });
    expect((await run(org.owner, BOARD_TASKS, { id: board.id })).data?.board.leadAgentId).toBe(next);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: null } });
    expect((await run(org.owner, BOARD_TASKS, { id: board.id })).data?.board.leadAgentId).toBeNull();
  });

  it('reads: the lead every task, a worker its own and unassigned ones, another organization nothing', async () => {
    const { board, lead, worker, other, stranger, task } = await setup();
    const free = await task();
    const mine = await task({ assigneeAgentId: worker.agentId });
    const theirs = await task({ assigneeAgentId: other.agentId });
    const listed = async (caller: Identity) =>
      (await run(caller, BOARD_TASKS, { id: board.id })).data?.board.tasks.nodes.map((n: { id: string }) => n.id);
    expect(await listed(lead)).toEqual([free.id, mine.id, theirs.id]);
    expect(await listed(worker)).toEqual([free.id, mine.id]);
    expect((await run(worker, TASK, { id: mine.id })).data?.task.id).toBe(mine.id);
    expect(codes(await run(worker, TASK, { id: theirs.id }))).toEqual(['NOT_FOUND']);
    expect((await run(lead, TASK, { id: theirs.id })).data?.task.id).toBe(theirs.id);
    expect(codes(await run(stranger, BOARD_TASKS, { id: board.id }))).toEqual(['NOT_FOUND']);
    const counts = await run(worker, 'query($id: ID!) { board(id: $id) { taskCounts { inbox total } } }', {
      id: board.id,
    });
    expect(counts.data?.board.taskCounts).toEqual({ inbox: 3, total: 3 });
    expect(codes(await run(stranger, TASK, { id: free.id }))).toEqual(['NOT_FOUND']);
    expect((await run(stranger, MOVE_TASK, { id: free.id, status: 'IN_PROGRESS' })).data?.moveTask).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await run(stranger, ADD_COMMENT, { task: free.id, body: 'hi' })).data?.addTaskComment).toMatchObject({
      code: 'NOT_FOUND',
    });
    // Creating and deleting tasks stay with people.
    expect(codes(await run(lead, CREATE_TASK, { input: { boardId: board.id, title: 'x' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(lead, DELETE_TASK, { id: free.id }))).toEqual(['FORBIDDEN']);
  });

  it('the lead assigns, moves, sets dependencies and tags; not title, description, priority or due date', async () => {
    const { org, lead, worker, task, move, update } = await setup();
    const a = await task();
    const b = await task();
    expect(await update(lead, a.id, { assigneeAgentId: worker.agentId })).toMatchObject({
      assigneeAgentId: worker.agentId,
    });
    for (const [field, value] of [
      ['title', 'x'],
      ['description', 'x'],
      ['priority', 'HIGH'],
      ['dueAt', '2030-01-01T00:00:00.000Z'],
    ]) {
      expect(await update(lead, a.id, { [field]: value })).toMatchObject({
        code: 'FIELD_FORBIDDEN',
        field: `input.${field}`,
        ids: [a.id, lead.agentId],
      });
    }
    expect(await move(lead, a.id, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    const deps = await run(lead, SET_DEPENDENCIES, { id: b.id, deps: [a.id] });
    expect(deps.data?.setTaskDependencies).toMatchObject({ __typename: 'Task' });
    const tag = (await run(org.owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#112233' } })).data
      ?.createTag;
    expect((await run(lead, ATTACH, { task: a.id, tags: [tag.id] })).data?.attachTaskTags).toMatchObject({
      __typename: 'Task',
    });
    const comment = await run(lead, ADD_COMMENT, { task: a.id, body: 'On it' });
    expect(comment.data?.addTaskComment).toMatchObject({ author: { kind: 'AGENT', id: lead.agentId } });
  });

  it('a worker moves and comments on its own or unassigned tasks only, and changes no field', async () => {
    const { org, worker, other, task, move, update } = await setup();
    const mine = await task({ assigneeAgentId: worker.agentId });
    const theirs = await task({ assigneeAgentId: other.agentId });
    const free = await task();
    for (const [field, value] of [
      ['title', 'x'],
      ['assigneeAgentId', worker.agentId],
      ['priority', 'LOW'],
    ]) {
      expect(await update(worker, mine.id, { [field]: value })).toMatchObject({
        code: 'FIELD_FORBIDDEN',
        field: `input.${field}`,
      });
    }
    const deps = await run(worker, SET_DEPENDENCIES, { id: mine.id, deps: [free.id] });
    expect(deps.data?.setTaskDependencies).toMatchObject({ code: 'FIELD_FORBIDDEN', field: 'dependsOn' });
    const tag = (await run(org.owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#112233' } })).data
      ?.createTag;
    expect((await run(worker, ATTACH, { task: mine.id, tags: [tag.id] })).data?.attachTaskTags).toMatchObject({
      code: 'FIELD_FORBIDDEN',
      field: 'tagIds',
    });
    expect(await move(worker, theirs.id, 'IN_PROGRESS')).toMatchObject({
      code: 'ASSIGNEE_MISMATCH',
      ids: [theirs.id],
    });
    expect((await run(worker, ADD_COMMENT, { task: theirs.id, body: 'mine?' })).data?.addTaskComment).toMatchObject({
      code: 'ASSIGNEE_MISMATCH',
      ids: [theirs.id],
    });
    expect((await run(org.owner, TASK, { id: theirs.id })).data?.task).toMatchObject({ status: 'INBOX' });
    expect(await move(worker, mine.id, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(
      (await run(worker, ADD_COMMENT, { task: free.id, body: 'Taking a look' })).data?.addTaskComment,
    ).toMatchObject({ author: { kind: 'AGENT', id: worker.agentId } });
    // People are unchanged: the owner edits anything.
    expect(await update(org.owner, theirs.id, { title: 'Renamed', assigneeAgentId: null })).toMatchObject({
      title: 'Renamed',
      assigneeAgentId: null,
    });
  });

  it('onlyLeadChangesStatus: a worker move is ONLY_LEAD, the lead still moves', async () => {
    const { worker, lead, task, move } = await setup({ onlyLeadChangesStatus: true });
    const mine = await task({ assigneeAgentId: worker.agentId });
    expect(await move(worker, mine.id, 'IN_PROGRESS')).toMatchObject({
      code: 'ONLY_LEAD',
      ids: [mine.id, worker.agentId],
    });
    expect(await move(lead, mine.id, 'IN_PROGRESS')).toMatchObject({
      status: 'IN_PROGRESS',
      assigneeAgentId: worker.agentId,
    });
  });

  it('hands off: in progress takes ownership, review goes to the lead, review → inbox back to the worker', async () => {
    const { org, worker, other, lead, task, move } = await setup();
    const free = await task();
    expect(await move(worker, free.id, 'IN_PROGRESS')).toMatchObject({
      assigneeAgentId: worker.agentId,
      lastWorkerAgentId: null,
    });
    // Now it is the worker's: another worker is refused.
    expect(await move(other, free.id, 'REVIEW')).toMatchObject({ code: 'ASSIGNEE_MISMATCH' });
    expect(await move(worker, free.id, 'REVIEW')).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: lead.agentId,
      lastWorkerAgentId: worker.agentId,
    });
    // The worker no longer owns it (nor sees it).
    expect(await move(worker, free.id, 'IN_PROGRESS')).toMatchObject({
      code: 'ASSIGNEE_MISMATCH',
      ids: [free.id],
    });
    expect(await move(lead, free.id, 'INBOX')).toMatchObject({
      status: 'INBOX',
      assigneeAgentId: worker.agentId,
      lastWorkerAgentId: worker.agentId,
    });
    // The lead's other moves and people's moves keep the assignment.
    expect(await move(lead, free.id, 'IN_PROGRESS')).toMatchObject({ assigneeAgentId: worker.agentId });
    expect(await move(org.owner, free.id, 'REVIEW')).toMatchObject({ assigneeAgentId: worker.agentId });
    expect(await move(org.owner, free.id, 'INBOX')).toMatchObject({ assigneeAgentId: worker.agentId });
  });

  it("the board's move rules apply to agents too", async () => {
    const { worker, lead, task, move } = await setup({ commentRequiredForReview: true, requireReviewBeforeDone: true });
    const dependency = await task();
    const blocked = await task();
    expect((await run(lead, SET_DEPENDENCIES, { id: blocked.id, deps: [dependency.id] })).errors).toBeUndefined();
    expect(await move(worker, blocked.id, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [dependency.id] });
    expect(await move(worker, dependency.id, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await move(worker, dependency.id, 'REVIEW')).toMatchObject({ code: 'COMMENT_REQUIRED' });
    expect(await move(worker, dependency.id, 'DONE')).toMatchObject({ code: 'REVIEW_REQUIRED' });
    expect(await move(worker, dependency.id, 'REVIEW', { comment: 'Done, please check' })).toMatchObject({
      status: 'REVIEW',
    });
    expect(await move(lead, dependency.id, 'DONE')).toMatchObject({ status: 'DONE' });
    expect(await move(worker, blocked.id, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('a blocked task refuses every change but its dependencies, for people and agents (deleting stays)', async () => {
    const { org, lead, worker, task, update } = await setup();
    const dependency = await task();
    const blocked = await task();
    await run(org.owner, SET_DEPENDENCIES, { id: blocked.id, deps: [dependency.id] });
    expect(await update(org.owner, blocked.id, { title: 'x' })).toMatchObject({
      code: 'TASK_BLOCKED',
      ids: [dependency.id],
    });
    expect(await update(lead, blocked.id, { assigneeAgentId: worker.agentId })).toMatchObject({
      code: 'TASK_BLOCKED',
      ids: [dependency.id],
    });
    const tag = (await run(org.owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#112233' } })).data
      ?.createTag;
    expect((await run(org.owner, ATTACH, { task: blocked.id, tags: [tag.id] })).data?.attachTaskTags).toMatchObject({
      code: 'TASK_BLOCKED',
      ids: [dependency.id],
    });
    expect((await run(org.owner, TASK, { id: blocked.id })).data?.task).toMatchObject({ assigneeAgentId: null });
    // Its dependencies still change; without them it is editable again.
    expect(
      (await run(org.owner, SET_DEPENDENCIES, { id: blocked.id, deps: [] })).data?.setTaskDependencies,
    ).toMatchObject({
      __typename: 'Task',
    });
    expect(await update(org.owner, blocked.id, { title: 'Now free' })).toMatchObject({ title: 'Now free' });
    await run(org.owner, SET_DEPENDENCIES, { id: blocked.id, deps: [dependency.id] });
    expect((await run(org.owner, DELETE_TASK, { id: blocked.id })).data?.deleteTask).toMatchObject({
      __typename: 'DeleteTaskPayload',
    });
  });

  it('a worker’s TASK_BLOCKED lists only the blockers it may see', async () => {
    const { org, worker, other, lead, task, move } = await setup();
    const hidden = await task({ assigneeAgentId: other.agentId });
    const free = await task();
    const mine = await task({ assigneeAgentId: worker.agentId });
    await run(org.owner, SET_DEPENDENCIES, { id: mine.id, deps: [hidden.id, free.id] });
    expect(await move(worker, mine.id, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [free.id] });
    expect(await move(lead, mine.id, 'IN_PROGRESS')).toMatchObject({
      code: 'TASK_BLOCKED',
      ids: [hidden.id, free.id],
    });
    // Only the hidden blocker left: still refused, with no id at all.
    await run(org.owner, MOVE_TASK, { id: free.id, status: 'DONE' });
    expect(await move(worker, mine.id, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [] });
    expect(await move(org.owner, mine.id, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [hidden.id] });
  });

  it('records durable events with the agent as actor', async () => {
    const { org, worker, lead, task, move } = await setup();
    const free = await task();
    await move(worker, free.id, 'IN_PROGRESS');
    await move(worker, free.id, 'REVIEW');
    await move(lead, free.id, 'INBOX');
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${org.id} order by seq`,
    );
    const rows = (result as unknown as { rows: { event: DomainEvent | string }[] }).rows;
    const moves = rows
      .map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent)
      .filter((event) => event.topic === 'work.taskMoved');
    expect(moves.map((event) => [event.actor, event.payload])).toMatchObject([
      [
        { kind: 'agent', id: worker.agentId },
        {
          taskId: free.id,
          before: { status: 'INBOX', assigneeAgentId: null },
          after: { status: 'IN_PROGRESS', assigneeAgentId: worker.agentId },
        },
      ],
      [
        { kind: 'agent', id: worker.agentId },
        { before: { assigneeAgentId: worker.agentId }, after: { status: 'REVIEW', assigneeAgentId: lead.agentId } },
      ],
      [
        { kind: 'agent', id: lead.agentId },
        {
          before: { status: 'REVIEW', assigneeAgentId: lead.agentId },
          after: { status: 'INBOX', assigneeAgentId: worker.agentId },
        },
      ],
    ]);
  });
});
