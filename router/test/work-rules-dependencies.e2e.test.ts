/**
 * Task dependencies through the router: the board-local DAG refuses self, unknown, other-board,
 * other-organization and cyclic dependencies with the offending ids; keeps order and drops
 * duplicates; a blocked task cannot leave the inbox (TASK_BLOCKED with its unfinished
 * dependencies) and refuses every change but its dependencies, for people and the lead alike;
 * reopening a done task re-blocks its dependents; a worker agent may not set dependencies.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ATTACH_TAGS,
  type Call,
  CREATE_TAG,
  DETACH_TAGS,
  MOVE,
  SET_DEPENDENCIES,
  SET_FIELDS,
  UPDATE_TASK,
  useSharedWorkStack,
} from './support/work-fixtures.ts';

const DEPENDENCIES = `query($id: ID!) { task(id: $id) {
  blocked blockedBy { id } dependencies { id } dependents { id } } }`;

describe('task dependencies through the router', { timeout: 90_000 }, () => {
  const work = useSharedWorkStack();

  /** An organization and a board without the approval gate, led by an agent, with a worker. */
  async function setup(name: string) {
    const orgId = await work.organization(name);
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const task = (title = 'Task', input: Record<string, unknown> = {}) =>
      work.task(orgId, boardId, { title, ...input });
    const deps = async (call: Call, id: string, dependsOn: string[]) =>
      (await call(SET_DEPENDENCIES, { id, deps: dependsOn })).data?.setTaskDependencies;
    const move = async (call: Call, id: string, status: string) => (await call(MOVE, { id, status })).data?.moveTask;
    const read = async (id: string) => (await admin(DEPENDENCIES, { id })).data?.task;
    return { orgId, admin, boardId, lead, worker, task, deps, move, read };
  }

  it('refuses self, unknown, another board’s and another organization’s tasks, and cycles, naming the ids', async () => {
    const { orgId, admin, lead, task, deps, read } = await setup('DAG');
    const a = await task('A');
    const b = await task('B');
    const c = await task('C');
    const bad = { __typename: 'DomainError', code: 'BAD_USER_INPUT', field: 'dependsOn' };

    expect(await deps(admin, a, [a])).toMatchObject({ ...bad, ids: [a] });
    const missing = randomUUID();
    expect(await deps(admin, a, [b, missing])).toMatchObject({ ...bad, ids: [missing] });
    const otherBoard = await work.task(orgId, await work.board(orgId));
    expect(await deps(admin, a, [otherBoard])).toMatchObject({ ...bad, ids: [otherBoard] });
    // Another organization's task is as unknown as a missing one.
    const foreignOrg = await work.organization('DAG elsewhere');
    const foreign = await work.task(foreignOrg, await work.board(foreignOrg), { title: 'Foreign secret' });
    const refused = await admin(SET_DEPENDENCIES, { id: a, deps: [foreign] });
    expect(refused.data.setTaskDependencies).toMatchObject({ ...bad, ids: [foreign] });
    expect(JSON.stringify(refused)).not.toMatch(/Foreign secret|another board/);
    const malformed = await deps(admin, a, ['not-an-id']);
    expect(malformed).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dependsOn.0' });

    // a → b → c, then c → a closes the cycle c → a → b → c: refused for people and the lead.
    expect(await deps(admin, a, [b])).toMatchObject({ __typename: 'Task', blocked: true });
    expect(await deps(lead.call, b, [c])).toMatchObject({ __typename: 'Task', blocked: true });
    expect(await deps(admin, c, [a])).toMatchObject({ code: 'CYCLE', field: 'dependsOn', ids: [c, a, b] });
    expect(await deps(lead.call, c, [a])).toMatchObject({ code: 'CYCLE', ids: [c, a, b] });
    expect(await deps(admin, b, [a])).toMatchObject({ code: 'CYCLE', ids: [b, a] });

    // Nothing of the refused calls was stored.
    expect(await read(a)).toMatchObject({ dependencies: [{ id: b }], dependents: [] });
    expect(await read(c)).toMatchObject({ dependencies: [], dependents: [{ id: b }], blocked: false });
  });

  it('keeps the order given and drops duplicates', async () => {
    const { admin, task, deps, read } = await setup('Order');
    const [a, b, c, d] = [await task('A'), await task('B'), await task('C'), await task('D')];
    expect(await deps(admin, d, [c, a, b])).toMatchObject({ __typename: 'Task' });
    expect((await read(d)).dependencies).toEqual([{ id: c }, { id: a }, { id: b }]);
    expect(await deps(admin, d, [b, b, a, b, c, a])).toMatchObject({ __typename: 'Task' });
    expect((await read(d)).dependencies).toEqual([{ id: b }, { id: a }, { id: c }]);
    expect((await read(d)).blockedBy).toEqual([{ id: b }, { id: a }, { id: c }]);
    expect(await deps(admin, d, [])).toMatchObject({ __typename: 'Task', blocked: false });
    expect((await read(d)).dependencies).toEqual([]);
  });

  it('a blocked task cannot leave the inbox: TASK_BLOCKED with its unfinished dependencies, for everyone', async () => {
    const { admin, lead, worker, task, deps, move, read } = await setup('Blocked');
    const a = await task('A');
    const b = await task('B');
    const blocked = await task('Blocked');
    await deps(admin, blocked, [a, b]);

    for (const status of ['IN_PROGRESS', 'REVIEW', 'DONE']) {
      expect(await move(admin, blocked, status)).toMatchObject({ code: 'TASK_BLOCKED', ids: [a, b] });
    }
    expect(await move(lead.call, blocked, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [a, b] });
    expect(await move(worker.call, blocked, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [a, b] });

    // Finishing one dependency leaves only the other in the error; finishing both unblocks it.
    await move(admin, a, 'DONE');
    expect(await move(admin, blocked, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [b] });
    await move(admin, b, 'DONE');
    expect((await read(blocked)).blocked).toBe(false);
    expect(await move(worker.call, blocked, 'IN_PROGRESS')).toMatchObject({
      status: 'IN_PROGRESS',
      assigneeAgentId: worker.agentId,
    });
  });

  it('only the dependencies of a blocked task change: fields, tags and custom fields get TASK_BLOCKED', async () => {
    const { admin, lead, task, deps, read } = await setup('Frozen');
    const blocker = await task('Blocker');
    const frozen = await task('Frozen');
    const tag = (await admin(CREATE_TAG, { input: { name: `Frozen ${randomUUID()}`, color: '#123456' } })).data
      .createTag.id;
    const field = await admin(
      `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ... on CustomField { id } } }`,
      { input: { key: `estimate-${randomUUID().slice(0, 8)}`, label: 'Estimate', type: 'INTEGER' } },
    );
    const boardId = (await admin('query($id: ID!) { task(id: $id) { board { id } } }', { id: frozen })).data.task.board
      .id;
    await admin('mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }', {
      f: field.data.createCustomField.id,
      b: boardId,
    });
    const key = (await admin('query($id: ID!) { board(id: $id) { customFields { key } } }', { id: boardId })).data.board
      .customFields[0].key;
    await admin(ATTACH_TAGS, { id: frozen, tags: [tag] });
    await deps(admin, frozen, [blocker]);

    const blockedBy = { code: 'TASK_BLOCKED', ids: [blocker] };
    expect((await admin(UPDATE_TASK, { id: frozen, input: { title: 'Renamed' } })).data.updateTask).toMatchObject(
      blockedBy,
    );
    expect(
      (await admin(UPDATE_TASK, { id: frozen, input: { priority: 'HIGH', dueAt: '2030-01-01T00:00:00Z' } })).data
        .updateTask,
    ).toMatchObject(blockedBy);
    expect(
      (await lead.call(UPDATE_TASK, { id: frozen, input: { assigneeAgentId: randomUUID() } })).data.updateTask,
    ).toMatchObject(blockedBy);
    expect((await admin(DETACH_TAGS, { id: frozen, tags: [tag] })).data.detachTaskTags).toMatchObject(blockedBy);
    expect((await lead.call(ATTACH_TAGS, { id: frozen, tags: [tag] })).data.attachTaskTags).toMatchObject(blockedBy);
    expect(
      (await admin(SET_FIELDS, { id: frozen, values: [{ key, value: 3 }] })).data.setTaskCustomFieldValues,
    ).toMatchObject(blockedBy);
    expect(
      (await lead.call(SET_FIELDS, { id: frozen, values: [{ key, value: 3 }] })).data.setTaskCustomFieldValues,
    ).toMatchObject(blockedBy);
    const unchanged = await admin(
      'query($id: ID!) { task(id: $id) { title version tags { id } customFields { value } } }',
      {
        id: frozen,
      },
    );
    expect(unchanged.data.task).toMatchObject({
      title: 'Frozen',
      tags: [{ id: tag }],
      customFields: [{ value: null }],
    });

    // Its dependencies do change — by the lead too — and once unblocked the rest changes again.
    const other = await task('Other');
    expect(await deps(lead.call, frozen, [blocker, other])).toMatchObject({ __typename: 'Task', blocked: true });
    expect(await deps(admin, frozen, [])).toMatchObject({ __typename: 'Task', blocked: false });
    expect((await read(frozen)).blocked).toBe(false);
    expect((await admin(UPDATE_TASK, { id: frozen, input: { title: 'Renamed' } })).data.updateTask).toMatchObject({
      __typename: 'Task',
    });
  });

  it('reopening a done task re-blocks its dependents', async () => {
    const { admin, lead, task, deps, move, read } = await setup('Reopen');
    const base = await task('Base');
    const waiting = await task('Waiting');
    const started = await task('Started');
    await deps(admin, waiting, [base]);
    await deps(admin, started, [base]);
    await move(admin, base, 'DONE');
    expect((await read(waiting)).blocked).toBe(false);
    expect(await move(admin, started, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });

    expect(await move(lead.call, base, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await read(waiting)).toMatchObject({ blocked: true, blockedBy: [{ id: base }] });
    expect(await move(admin, waiting, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [base] });
    // A dependent that already left the inbox stays where it is, blocked again: its status may only
    // go back to INBOX until the dependency is done again.
    const now = await admin('query($id: ID!) { task(id: $id) { status blocked } }', { id: started });
    expect(now.data.task).toEqual({ status: 'IN_PROGRESS', blocked: true });
    expect(await move(admin, started, 'REVIEW')).toMatchObject({ code: 'TASK_BLOCKED', ids: [base] });
    expect(await move(lead.call, started, 'DONE')).toMatchObject({ code: 'TASK_BLOCKED', ids: [base] });
    expect(await move(admin, started, 'INBOX')).toMatchObject({ status: 'INBOX' });
    await move(admin, base, 'DONE');
    expect(await move(admin, started, 'REVIEW')).toMatchObject({ status: 'REVIEW' });
  });

  it('agents: the lead sets dependencies; a worker gets FIELD_FORBIDDEN', async () => {
    const { lead, worker, task, deps } = await setup('Agent deps');
    const a = await task('A');
    const mine = await task('Mine', { assigneeAgentId: worker.agentId });
    expect(await deps(worker.call, mine, [a])).toMatchObject({
      code: 'FIELD_FORBIDDEN',
      field: 'dependsOn',
      ids: [mine, worker.agentId],
    });
    expect(await deps(lead.call, mine, [a])).toMatchObject({ __typename: 'Task', blocked: true });
  });
});
