/**
 * Delete cascades through the router, checked in the database itself: deleting a board removes its
 * tasks, dependency links, comments, tag links, custom-field bindings and values, approval states,
 * memory, webhooks and their deliveries — and nothing of another board, nor the organization's tags
 * and field definitions; deleting a group detaches its boards and drops the group's memory;
 * deleting a task frees its dependents. Who may delete: admins with write access (boards, groups),
 * people with write access (tasks); FORBIDDEN otherwise.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_COMMENT,
  ATTACH_TAGS,
  type Call,
  CREATE_APPROVAL,
  CREATE_TAG,
  EVENTUALLY,
  errorCode,
  SET_DEPENDENCIES,
  SET_FIELDS,
  sharedWorkStack,
  type WorkStack,
} from './support/work-fixtures.ts';

describe('delete cascades through the router', { timeout: 90_000 }, () => {
  let work: WorkStack;
  let db: pg.Client;

  beforeAll(async () => {
    work = await sharedWorkStack();
    db = new pg.Client({ connectionString: work.env.stack.env.DATABASE_URL });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await work?.stop();
  });

  /** Rows of work's tables that belong to `boardId` (directly or through its tasks `taskIds`). */
  async function rowsOf(boardId: string, taskIds: string[]) {
    const count = async (sql: string, value: string | string[]) =>
      Number((await db.query(`select count(*)::int as n from ${sql}`, [value])).rows[0].n);
    return {
      tasks: await count('work.tasks where board_id = $1', boardId),
      dependencies: await count('work.task_dependencies where board_id = $1', boardId),
      comments: await count('work.task_comments where task_id = any($1::uuid[])', taskIds),
      approvals: await count('work.task_approvals where task_id = any($1::uuid[])', taskIds),
      tagLinks: await count('work.task_tags where task_id = any($1::uuid[])', taskIds),
      fieldBindings: await count('work.board_custom_fields where board_id = $1', boardId),
      fieldValues: await count('work.task_custom_field_values where task_id = any($1::uuid[])', taskIds),
      memory: await count('work.memory_entries where board_id = $1', boardId),
      webhooks: await count('work.board_webhooks where board_id = $1', boardId),
      deliveries: await count('work.webhook_deliveries where board_id = $1', boardId),
    };
  }

  /** A board with one of everything hanging off it; returns its id and its tasks' ids. */
  async function furnishedBoard(orgId: string, admin: Call, tag: string, fieldId: string, key: string) {
    const boardId = await work.board(orgId);
    const a = await work.task(orgId, boardId, { title: 'A' });
    const b = await work.task(orgId, boardId, { title: 'B' });
    await admin('mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }', {
      f: fieldId,
      b: boardId,
    });
    expect(
      (await admin(SET_FIELDS, { id: a, values: [{ key, value: 'x' }] })).data.setTaskCustomFieldValues,
    ).toMatchObject({ __typename: 'Task' });
    expect((await admin(ATTACH_TAGS, { id: a, tags: [tag] })).data.attachTaskTags.__typename).toBe('Task');
    expect((await admin(ADD_COMMENT, { id: a, body: 'Note' })).data.addTaskComment.__typename).toBe('TaskComment');
    expect((await admin(SET_DEPENDENCIES, { id: b, deps: [a] })).data.setTaskDependencies.__typename).toBe('Task');
    await admin('mutation($b: ID!) { addBoardMemory(boardId: $b, kind: NOTE, body: "Remember") { __typename } }', {
      b: boardId,
    });
    const hook = await admin(
      `mutation($b: ID!) { createBoardWebhook(boardId: $b, input: { name: "CI", requireSignature: false }) {
        ... on BoardWebhookWithSecret { webhook { id } } } }`,
      { b: boardId },
    );
    const webhookId: string = hook.data.createBoardWebhook.webhook.id;
    const ingest = work.env.stack.routerUrl.replace(/\/graphql$/, `/webhooks/${webhookId}`);
    const posted = await fetch(ingest, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(posted.status).toBe(202);
    const approval = await admin(CREATE_APPROVAL, {
      input: { boardId, taskIds: [a], actionType: 'task.done', confidence: 60, reasoning: 'Check' },
    });
    expect(approval.data.createApproval.__typename).toBe('Approval');
    // Work records the approval when governance's event arrives.
    await expect.poll(async () => (await rowsOf(boardId, [a, b])).approvals, EVENTUALLY).toBe(1);
    return { boardId, taskIds: [a, b], ingest, approvalId: approval.data.createApproval.id as string };
  }

  it('deleting a board removes everything of it and nothing else', async () => {
    const orgId = await work.organization('Board cascade');
    const admin = work.admin(orgId);
    const tag = (await admin(CREATE_TAG, { input: { name: 'Cascade', color: '#336699' } })).data.createTag.id;
    const key = 'cascade-note';
    const field = (
      await admin(
        `mutation { createCustomField(input: { key: "${key}", label: "Note", type: TEXT }) { ... on CustomField { id } } }`,
      )
    ).data.createCustomField.id;
    const doomed = await furnishedBoard(orgId, admin, tag, field, key);
    const kept = await furnishedBoard(orgId, admin, tag, field, key);
    const full = {
      tasks: 2,
      dependencies: 1,
      comments: 1,
      approvals: 1,
      tagLinks: 1,
      fieldBindings: 1,
      fieldValues: 1,
      memory: 1,
      webhooks: 1,
      deliveries: 1,
    };
    expect(await rowsOf(doomed.boardId, doomed.taskIds)).toEqual(full);

    // A member with write access to the board is not an admin: FORBIDDEN.
    const writer = await work.member(orgId, 'MEMBER', { boards: [{ boardId: doomed.boardId, permission: 'WRITE' }] });
    const DELETE =
      'mutation($id: ID!) { deleteBoard(id: $id) { __typename ... on DeleteBoardPayload { deletedBoardId } } }';
    expect(errorCode(await writer(DELETE, { id: doomed.boardId }))).toBe('FORBIDDEN');

    expect((await admin(DELETE, { id: doomed.boardId })).data.deleteBoard).toEqual({
      __typename: 'DeleteBoardPayload',
      deletedBoardId: doomed.boardId,
    });
    const empty = Object.fromEntries(Object.keys(full).map((name) => [name, 0]));
    expect(await rowsOf(doomed.boardId, doomed.taskIds)).toEqual(empty);
    expect(await rowsOf(kept.boardId, kept.taskIds)).toEqual(full);

    // Through the API: the board, its tasks and its webhook are gone; the org's tag and field stay.
    expect(errorCode(await admin('query($id: ID!) { board(id: $id) { id } }', { id: doomed.boardId }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await admin('query($id: ID!) { task(id: $id) { id } }', { id: doomed.taskIds[0] }))).toBe(
      'NOT_FOUND',
    );
    const late = await fetch(doomed.ingest, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(late.status).toBe(404);
    const org = await admin('{ tags { id } customFields { id } }');
    expect(org.data).toEqual({ tags: [{ id: tag }], customFields: [{ id: field }] });
    // The other board's approval is untouched.
    expect(
      (await admin('query($id: ID!) { approval(id: $id) { status } }', { id: kept.approvalId })).data.approval,
    ).toEqual({ status: 'PENDING' });
  });

  it('deleting a group detaches its boards and drops its memory; members may not', async () => {
    const orgId = await work.organization('Group cascade');
    const admin = work.admin(orgId);
    const group = (await admin('mutation { createBoardGroup(input: { name: "Team" }) { ... on BoardGroup { id } } }'))
      .data.createBoardGroup.id;
    const first = await work.board(orgId, { groupId: group });
    const second = await work.board(orgId, { groupId: group });
    const task = await work.task(orgId, first);
    await admin(
      'mutation($g: ID!) { addBoardGroupMemory(boardGroupId: $g, kind: NOTE, body: "Group note") { __typename } }',
      {
        g: group,
      },
    );
    const DELETE = `mutation($id: ID!) { deleteBoardGroup(id: $id) { __typename
      ... on DeleteBoardGroupPayload { deletedBoardGroupId detachedBoardIds } } }`;
    const member = await work.member(orgId, 'MEMBER', { allBoardsWrite: true });
    expect(errorCode(await member(DELETE, { id: group }))).toBe('FORBIDDEN');

    const deleted = (await admin(DELETE, { id: group })).data.deleteBoardGroup;
    expect(deleted.deletedBoardGroupId).toBe(group);
    expect([...deleted.detachedBoardIds].sort()).toEqual([first, second].sort());
    const boards = await admin(
      'query($a: ID!, $b: ID!) { a: board(id: $a) { group { id } } b: board(id: $b) { group { id } } }',
      {
        a: first,
        b: second,
      },
    );
    expect(boards.data).toEqual({ a: { group: null }, b: { group: null } });
    expect((await admin('query($id: ID!) { task(id: $id) { id } }', { id: task })).data.task).toEqual({ id: task });
    const memory = await db.query('select count(*)::int as n from work.memory_entries where board_group_id = $1', [
      group,
    ]);
    expect(memory.rows[0].n).toBe(0);
    expect(errorCode(await admin('query($id: ID!) { boardGroup(id: $id) { id } }', { id: group }))).toBe('NOT_FOUND');
  });

  it('deleting a task removes its links and frees its dependents; a write grant may, a read grant may not', async () => {
    const orgId = await work.organization('Task cascade');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const dependency = await work.task(orgId, boardId, { title: 'Dependency' });
    const doomed = await work.task(orgId, boardId, { title: 'Doomed' });
    const dependent = await work.task(orgId, boardId, { title: 'Dependent' });
    await admin(SET_DEPENDENCIES, { id: doomed, deps: [dependency] });
    await admin(SET_DEPENDENCIES, { id: dependent, deps: [doomed, dependency] });
    await admin(ADD_COMMENT, { id: doomed, body: 'Bye' });
    const reader = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'READ' }] });
    const writer = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'WRITE' }] });
    const DELETE =
      'mutation($id: ID!) { deleteTask(id: $id) { __typename ... on DeleteTaskPayload { deletedTaskId } } }';
    expect(errorCode(await reader(DELETE, { id: doomed }))).toBe('FORBIDDEN');
    expect((await writer(DELETE, { id: doomed })).data.deleteTask).toEqual({
      __typename: 'DeleteTaskPayload',
      deletedTaskId: doomed,
    });
    const left = await admin('query($id: ID!) { task(id: $id) { blocked dependencies { id } blockedBy { id } } }', {
      id: dependent,
    });
    expect(left.data.task).toEqual({
      blocked: true,
      dependencies: [{ id: dependency }],
      blockedBy: [{ id: dependency }],
    });
    const rows = await db.query(
      `select (select count(*)::int from work.task_dependencies where task_id = $1 or depends_on_task_id = $1) as links,
              (select count(*)::int from work.task_comments where task_id = $1) as comments`,
      [doomed],
    );
    expect(rows.rows[0]).toEqual({ links: 0, comments: 0 });
  });
});
