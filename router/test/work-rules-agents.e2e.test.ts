/**
 * Who may do what as an agent, through the router with real agent tokens minted by identity.
 * The lead: assignment, status, dependencies, tags and custom fields on every task of its board,
 * FIELD_FORBIDDEN for the other fields, and REVIEW → INBOX hands the task back to the last worker.
 * A worker: status, comments and custom fields on its own or unassigned tasks (ASSIGNEE_MISMATCH
 * on another agent's), IN_PROGRESS takes the task, REVIEW hands it to the lead, FIELD_FORBIDDEN for
 * fields, tags, dependencies and assignment. Neither creates tasks, changes boards or decides
 * approvals; another organization's agent finds nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ADD_COMMENT,
  ATTACH_TAGS,
  type Call,
  CREATE_APPROVAL,
  CREATE_TAG,
  DETACH_TAGS,
  errorCode,
  MOVE,
  SET_DEPENDENCIES,
  SET_FIELDS,
  UPDATE_BOARD,
  UPDATE_TASK,
  useSharedWorkStack,
} from './support/work-fixtures.ts';

const TASK = `query($id: ID!) { task(id: $id) { id status assigneeAgentId lastWorkerAgentId
  tags { id } customFields { key value } dependencies { id } } }`;

describe('agent rules through the router', { timeout: 90_000 }, () => {
  const work = useSharedWorkStack();

  /** A board (no approval gate) with a lead, two workers, a tag and a bound TEXT custom field. */
  async function setup(name: string, rules: Record<string, unknown> = {}) {
    const orgId = await work.organization(name);
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { requireApprovalForDone: false, ...rules });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    const other = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const tag = (await admin(CREATE_TAG, { input: { name: `Tag ${randomUUID()}`, color: '#224466' } })).data.createTag
      .id as string;
    const key = `note-${randomUUID().slice(0, 8)}`;
    const field = await admin(
      `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ... on CustomField { id } } }`,
      { input: { key, label: 'Note', type: 'TEXT' } },
    );
    await admin('mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }', {
      f: field.data.createCustomField.id,
      b: boardId,
    });
    const task = (input: Record<string, unknown> = {}) => work.task(orgId, boardId, input);
    const read = async (id: string) => (await admin(TASK, { id })).data?.task;
    const move = async (call: Call, id: string, status: string, comment?: string) =>
      (await call(MOVE, { id, status, comment })).data?.moveTask;
    return { orgId, admin, boardId, lead, worker, other, tag, key, task, read, move };
  }

  it('the lead assigns, moves, sets dependencies, tags and custom fields on every task of its board', async () => {
    const { lead, worker, other, tag, key, task, read, move } = await setup('Lead may');
    const theirs = await task({ assigneeAgentId: other.agentId });
    const before = await task();

    const assigned = await lead.call(UPDATE_TASK, { id: theirs, input: { assigneeAgentId: worker.agentId } });
    expect(assigned.data.updateTask).toMatchObject({ __typename: 'Task', assigneeAgentId: worker.agentId });
    const unassigned = await lead.call(UPDATE_TASK, { id: before, input: { assigneeAgentId: null } });
    expect(unassigned.data.updateTask).toMatchObject({ __typename: 'Task', assigneeAgentId: null });
    // The lead's moves keep the assignment (hand-offs are a worker's).
    expect(await move(lead.call, theirs, 'IN_PROGRESS')).toMatchObject({
      status: 'IN_PROGRESS',
      assigneeAgentId: worker.agentId,
    });
    expect(await move(lead.call, theirs, 'REVIEW')).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: worker.agentId,
    });
    expect((await lead.call(ATTACH_TAGS, { id: theirs, tags: [tag] })).data.attachTaskTags).toMatchObject({
      __typename: 'Task',
    });
    expect(
      (await lead.call(SET_FIELDS, { id: theirs, values: [{ key, value: 'by the lead' }] })).data
        .setTaskCustomFieldValues,
    ).toMatchObject({ __typename: 'Task' });
    expect((await lead.call(ADD_COMMENT, { id: theirs, body: 'Looks right' })).data.addTaskComment).toMatchObject({
      author: { kind: 'AGENT', id: lead.agentId },
    });
    expect(await read(theirs)).toMatchObject({ tags: [{ id: tag }], customFields: [{ key, value: 'by the lead' }] });
    expect((await lead.call(DETACH_TAGS, { id: theirs, tags: [tag] })).data.detachTaskTags).toMatchObject({
      __typename: 'Task',
    });
    // Last: a dependency on an unfinished task blocks every other change.
    expect((await lead.call(SET_DEPENDENCIES, { id: theirs, deps: [before] })).data.setTaskDependencies).toMatchObject({
      __typename: 'Task',
      blocked: true,
    });
    expect(await read(theirs)).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: worker.agentId,
      tags: [],
      customFields: [{ key, value: 'by the lead' }],
      dependencies: [{ id: before }],
    });
    // The lead reads every task of its board, whoever it is assigned to.
    expect((await lead.call(TASK, { id: theirs })).data?.task.id).toBe(theirs);
  });

  it('the lead may not edit title, description, priority or due date: FIELD_FORBIDDEN with the field', async () => {
    const { lead, task, read } = await setup('Lead may not');
    const id = await task({ title: 'Fixed' });
    for (const [field, value] of [
      ['title', 'Renamed'],
      ['description', 'New words'],
      ['priority', 'URGENT'],
      ['dueAt', '2031-01-01T00:00:00.000Z'],
    ]) {
      const refused = await lead.call(UPDATE_TASK, { id, input: { [field]: value } });
      expect(refused.data.updateTask).toMatchObject({
        code: 'FIELD_FORBIDDEN',
        field: `input.${field}`,
        ids: [id, lead.agentId],
      });
    }
    // A forbidden field with an allowed one: nothing changes.
    const mixed = await lead.call(UPDATE_TASK, { id, input: { assigneeAgentId: randomUUID(), title: 'Sneaky' } });
    expect(mixed.data.updateTask).toMatchObject({ code: 'FIELD_FORBIDDEN', field: 'input.title' });
    expect(await read(id)).toMatchObject({ assigneeAgentId: null });
  });

  it('review → inbox by the lead hands the task back to the last worker', async () => {
    const { lead, worker, task, read, move } = await setup('Hand back');
    const id = await task();
    expect(await move(worker.call, id, 'IN_PROGRESS')).toMatchObject({ assigneeAgentId: worker.agentId });
    expect(await move(worker.call, id, 'REVIEW')).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: lead.agentId,
      lastWorkerAgentId: worker.agentId,
    });
    expect(await move(lead.call, id, 'INBOX')).toMatchObject({
      status: 'INBOX',
      assigneeAgentId: worker.agentId,
      lastWorkerAgentId: worker.agentId,
    });
    // The worker has it again.
    expect(await move(worker.call, id, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    // Without a last worker the lead's REVIEW → INBOX keeps the assignment.
    const direct = await task();
    await move(lead.call, direct, 'REVIEW');
    expect(await move(lead.call, direct, 'INBOX')).toMatchObject({ status: 'INBOX', assigneeAgentId: null });
    expect(await read(direct)).toMatchObject({ lastWorkerAgentId: null });
  });

  it('a worker moves, comments and fills custom fields on its own or unassigned tasks; IN_PROGRESS takes, REVIEW hands to the lead', async () => {
    const { boardId, lead, worker, key, task, read, move } = await setup('Worker may');
    const free = await task();
    const mine = await task({ assigneeAgentId: worker.agentId });

    expect(await move(worker.call, free, 'IN_PROGRESS')).toMatchObject({
      status: 'IN_PROGRESS',
      assigneeAgentId: worker.agentId,
    });
    expect((await worker.call(ADD_COMMENT, { id: free, body: 'Started @lead' })).data.addTaskComment).toMatchObject({
      body: 'Started @lead',
      mentions: ['lead'],
      author: { kind: 'AGENT', id: worker.agentId },
    });
    expect(
      (await worker.call(SET_FIELDS, { id: mine, values: [{ key, value: 'halfway' }] })).data.setTaskCustomFieldValues,
    ).toMatchObject({ __typename: 'Task', version: 2 });
    expect((await read(mine)).customFields).toEqual([{ key, value: 'halfway' }]);
    expect(await move(worker.call, free, 'REVIEW')).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: lead.agentId,
      lastWorkerAgentId: worker.agentId,
    });
    // Handed to the lead, the task is no longer the worker's.
    expect(await move(worker.call, free, 'IN_PROGRESS')).toMatchObject({
      code: 'ASSIGNEE_MISMATCH',
      ids: [free],
    });
    const listed = await worker.call('query($id: ID!) { board(id: $id) { tasks { nodes { id } } } }', {
      id: boardId,
    });
    expect(listed.data?.board.tasks.nodes).toEqual([{ id: mine }]);
  });

  it('a worker is refused another agent’s task (ASSIGNEE_MISMATCH) and every field, tag, dependency and assignment (FIELD_FORBIDDEN)', async () => {
    const { worker, other, tag, key, task, read } = await setup('Worker may not');
    const theirs = await task({ assigneeAgentId: other.agentId });
    const mine = await task({ assigneeAgentId: worker.agentId });
    // Only the task's id: the worker cannot read it, so it does not learn the assignee.
    const mismatch = { code: 'ASSIGNEE_MISMATCH', ids: [theirs] };

    expect((await worker.call(MOVE, { id: theirs, status: 'IN_PROGRESS' })).data.moveTask).toMatchObject(mismatch);
    expect((await worker.call(ADD_COMMENT, { id: theirs, body: 'Mine?' })).data.addTaskComment).toMatchObject(mismatch);
    expect(
      (await worker.call(SET_FIELDS, { id: theirs, values: [{ key, value: 'x' }] })).data.setTaskCustomFieldValues,
    ).toMatchObject(mismatch);
    expect(errorCode(await worker.call(TASK, { id: theirs }))).toBe('NOT_FOUND');

    for (const [field, value] of [
      ['title', 'Mine'],
      ['description', 'x'],
      ['priority', 'LOW'],
      ['dueAt', '2031-01-01T00:00:00.000Z'],
      ['assigneeAgentId', worker.agentId],
    ]) {
      const refused = await worker.call(UPDATE_TASK, { id: mine, input: { [field]: value } });
      expect(refused.data.updateTask).toMatchObject({
        code: 'FIELD_FORBIDDEN',
        field: `input.${field}`,
        ids: [mine, worker.agentId],
      });
    }
    const forbidden = (field: string) => ({ code: 'FIELD_FORBIDDEN', field, ids: [mine, worker.agentId] });
    expect((await worker.call(ATTACH_TAGS, { id: mine, tags: [tag] })).data.attachTaskTags).toMatchObject(
      forbidden('tagIds'),
    );
    expect((await worker.call(DETACH_TAGS, { id: mine, tags: [tag] })).data.detachTaskTags).toMatchObject(
      forbidden('tagIds'),
    );
    expect((await worker.call(SET_DEPENDENCIES, { id: mine, deps: [theirs] })).data.setTaskDependencies).toMatchObject(
      forbidden('dependsOn'),
    );
    expect(await read(theirs)).toMatchObject({
      status: 'INBOX',
      assigneeAgentId: other.agentId,
      customFields: [{ key, value: null }],
    });
    expect(await read(mine)).toMatchObject({ tags: [], dependencies: [], assigneeAgentId: worker.agentId });
  });

  it('errors leak no ids to a worker: TASK_BLOCKED lists only blockers it may see', async () => {
    const { admin, lead, worker, other, task, move } = await setup('No leaks');
    const hidden = await task({ assigneeAgentId: other.agentId });
    const open = await task();
    const mine = await task({ assigneeAgentId: worker.agentId });
    expect((await admin(SET_DEPENDENCIES, { id: mine, deps: [hidden, open] })).data.setTaskDependencies).toMatchObject({
      blocked: true,
    });
    expect(await move(worker.call, mine, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [open] });
    expect(await move(lead.call, mine, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [hidden, open] });
    await move(admin, open, 'DONE');
    expect(await move(worker.call, mine, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [] });
    expect(await move(admin, mine, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [hidden] });
  });

  it('a worker sending to review on a board without a lead keeps the task', async () => {
    const orgId = await work.organization('No lead');
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const worker = await work.agent(orgId);
    const id = await work.task(orgId, boardId);
    await worker.call(MOVE, { id, status: 'IN_PROGRESS' });
    expect((await worker.call(MOVE, { id, status: 'REVIEW' })).data.moveTask).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: worker.agentId,
      lastWorkerAgentId: worker.agentId,
    });
  });

  it('the lead of one board is a worker on another', async () => {
    const { orgId, lead, other } = await setup('Two boards');
    const second = await work.board(orgId, { requireApprovalForDone: false });
    const theirs = await work.task(orgId, second, { assigneeAgentId: other.agentId });
    expect((await lead.call(MOVE, { id: theirs, status: 'IN_PROGRESS' })).data.moveTask).toMatchObject({
      code: 'ASSIGNEE_MISMATCH',
      ids: [theirs],
    });
    expect(
      (await lead.call(UPDATE_TASK, { id: theirs, input: { assigneeAgentId: lead.agentId } })).data.updateTask,
    ).toMatchObject({ code: 'FIELD_FORBIDDEN', field: 'input.assigneeAgentId' });
  });

  it('agents do not create or delete tasks, change boards, manage tags or decide approvals', async () => {
    const { admin, boardId, lead, worker, task } = await setup('People only');
    const id = await task();
    const approval = (
      await admin(CREATE_APPROVAL, {
        input: { boardId, taskIds: [id], actionType: 'task.done', confidence: 50, reasoning: 'Check' },
      })
    ).data.createApproval.id;
    for (const agent of [lead, worker]) {
      const attempts: [string, string, Record<string, unknown>][] = [
        [
          'createTask',
          'mutation($b: ID!) { createTask(input: { boardId: $b, title: "x" }) { __typename } }',
          { b: boardId },
        ],
        ['deleteTask', 'mutation($id: ID!) { deleteTask(id: $id) { __typename } }', { id }],
        ['updateBoard', UPDATE_BOARD, { id: boardId, input: { name: 'Mine' } }],
        ['createTag', CREATE_TAG, { input: { name: 'Agent tag', color: '#000000' } }],
        ['approveApproval', 'mutation($id: ID!) { approveApproval(id: $id) { __typename } }', { id: approval }],
        [
          'rejectApproval',
          'mutation($id: ID!) { rejectApproval(id: $id, reason: "no") { __typename } }',
          { id: approval },
        ],
      ];
      for (const [name, query, variables] of attempts) {
        const code = errorCode(await agent.call(query, variables));
        expect({ name, code }).toEqual({ name, code: 'FORBIDDEN' });
      }
    }
    const still = await admin('query($a: ID!, $t: ID!) { approval(id: $a) { status } task(id: $t) { title } }', {
      a: approval,
      t: id,
    });
    expect(still.data).toEqual({ approval: { status: 'PENDING' }, task: { title: 'Task' } });
  });

  it('another organization’s agent finds nothing and changes nothing', async () => {
    const { boardId, tag, key, task, read } = await setup('Strangers');
    const id = await task();
    const strangerOrg = await work.organization('Stranger org');
    const stranger = await work.agent(strangerOrg);
    expect(errorCode(await stranger.call('query($id: ID!) { board(id: $id) { name } }', { id: boardId }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await stranger.call(TASK, { id }))).toBe('NOT_FOUND');
    const results = [
      (await stranger.call(MOVE, { id, status: 'IN_PROGRESS' })).data?.moveTask,
      (await stranger.call(UPDATE_TASK, { id, input: { assigneeAgentId: stranger.agentId } })).data?.updateTask,
      (await stranger.call(ADD_COMMENT, { id, body: 'hi' })).data?.addTaskComment,
      (await stranger.call(SET_FIELDS, { id, values: [{ key, value: 'x' }] })).data?.setTaskCustomFieldValues,
      (await stranger.call(ATTACH_TAGS, { id, tags: [tag] })).data?.attachTaskTags,
      (await stranger.call(SET_DEPENDENCIES, { id, deps: [] })).data?.setTaskDependencies,
    ];
    for (const result of results) expect(result).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(results)).not.toContain(boardId);
    expect(await read(id)).toMatchObject({
      status: 'INBOX',
      assigneeAgentId: null,
      tags: [],
      customFields: [{ key, value: null }],
    });
  });
});
