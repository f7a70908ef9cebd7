/**
 * The board's rules through the router, each with the identity it concerns and both paths: the
 * toggles (approval for done, review before done, comment for review, block while an approval is
 * pending, only the lead changes status), board validation (maxAgents, confirmed goal boards,
 * description), people's access (read grant → FORBIDDEN on every write, write grant works),
 * optimistic concurrency between two admins, and tags (slug unique, colour).
 */
import { describe, expect, it } from 'vitest';
import {
  ADD_COMMENT,
  ATTACH_TAGS,
  type Call,
  CREATE_APPROVAL,
  CREATE_BOARD,
  CREATE_TAG,
  DETACH_TAGS,
  EVENTUALLY,
  errorCode,
  MOVE,
  SET_DEPENDENCIES,
  SET_FIELDS,
  UPDATE_BOARD,
  UPDATE_TASK,
  useSharedWorkStack,
} from './support/work-fixtures.ts';

describe('board rules through the router', { timeout: 90_000 }, () => {
  const work = useSharedWorkStack();

  const moveAs = async (call: Call, id: string, status: string, extra: Record<string, unknown> = {}) =>
    (await call(MOVE, { id, status, ...extra })).data?.moveTask;

  const approval = async (call: Call, boardId: string, taskIds: string[]) => {
    const created = await call(CREATE_APPROVAL, {
      input: { boardId, taskIds, actionType: 'task.done', confidence: 70, reasoning: 'Checked' },
    });
    expect(created.data?.createApproval, JSON.stringify(created)).toMatchObject({ status: 'PENDING' });
    return created.data.createApproval.id as string;
  };

  it('approval required for done (default on): APPROVAL_REQUIRED until governance grants it', async () => {
    const orgId = await work.organization('Done gate');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const board = await admin('query($id: ID!) { board(id: $id) { requireApprovalForDone } }', { id: boardId });
    expect(board.data.board.requireApprovalForDone).toBe(true);
    const lead = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const worker = await work.agent(orgId);
    const byHuman = await work.task(orgId, boardId);
    const byLead = await work.task(orgId, boardId);
    const byWorker = await work.task(orgId, boardId, { assigneeAgentId: worker.agentId });
    const rejected = await work.task(orgId, boardId);

    expect(await moveAs(admin, byHuman, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [byHuman] });
    expect(await moveAs(lead.call, byLead, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [byLead] });
    expect(await moveAs(worker.call, byWorker, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [byWorker] });

    // A rejected approval does not open the gate; a granted one does, for the human and the lead.
    const no = await approval(admin, boardId, [rejected]);
    const refused = await admin(
      'mutation($id: ID!) { rejectApproval(id: $id, reason: "Not yet") { __typename ... on Approval { status } } }',
      { id: no },
    );
    expect(refused.data.rejectApproval).toEqual({ __typename: 'Approval', status: 'REJECTED' });
    const yes = await approval(admin, boardId, [byHuman, byLead]);
    const granted = await admin(
      'mutation($id: ID!) { approveApproval(id: $id) { __typename ... on Approval { status } } }',
      { id: yes },
    );
    expect(granted.data.approveApproval).toEqual({ __typename: 'Approval', status: 'APPROVED' });
    await expect.poll(async () => (await moveAs(admin, byHuman, 'DONE'))?.status, EVENTUALLY).toBe('DONE');
    await expect.poll(async () => (await moveAs(lead.call, byLead, 'DONE'))?.status, EVENTUALLY).toBe('DONE');
    expect(await moveAs(admin, rejected, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [rejected] });
  });

  it('done gate: only a done action opens it, once per cycle (a reopened task needs a new approval)', async () => {
    const orgId = await work.organization('Done gate cycle');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const task = await work.task(orgId, boardId);
    const grant = async (actionType: string) => {
      const created = await admin(CREATE_APPROVAL, {
        input: { boardId, taskIds: [task], actionType, confidence: 70, reasoning: 'Checked' },
      });
      expect(created.data?.createApproval, JSON.stringify(created)).toMatchObject({ status: 'PENDING' });
      const decided = await admin('mutation($id: ID!) { approveApproval(id: $id) { __typename } }', {
        id: created.data.createApproval.id,
      });
      expect(decided.data.approveApproval).toEqual({ __typename: 'Approval' });
    };
    // A granted approval of another action never opens the done gate.
    await grant('deploy');
    expect(await moveAs(admin, task, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [task] });
    await grant('task.done');
    await expect.poll(async () => (await moveAs(admin, task, 'DONE'))?.status, EVENTUALLY).toBe('DONE');
    // Reopened: the grant was spent by the first finish.
    expect(await moveAs(admin, task, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await moveAs(admin, task, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [task] });
    await grant('mark_done');
    await expect.poll(async () => (await moveAs(admin, task, 'DONE'))?.status, EVENTUALLY).toBe('DONE');
  });

  it('review before done: REVIEW_REQUIRED from anywhere but review', async () => {
    const orgId = await work.organization('Review gate');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { requireReviewBeforeDone: true, requireApprovalForDone: false });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const task = await work.task(orgId, boardId);
    const own = await work.task(orgId, boardId, { assigneeAgentId: worker.agentId });

    expect(await moveAs(worker.call, own, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await moveAs(worker.call, own, 'DONE')).toMatchObject({ code: 'REVIEW_REQUIRED', ids: [own] });
    expect(await moveAs(admin, task, 'DONE')).toMatchObject({ code: 'REVIEW_REQUIRED', ids: [task] });
    expect(await moveAs(admin, task, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await moveAs(lead.call, task, 'DONE')).toMatchObject({ code: 'REVIEW_REQUIRED', ids: [task] });
    expect(await moveAs(lead.call, task, 'REVIEW')).toMatchObject({ status: 'REVIEW' });
    expect(await moveAs(admin, task, 'DONE')).toMatchObject({ status: 'DONE' });
  });

  it('comment required for review: COMMENT_REQUIRED without one (blank counts as none), stored with one', async () => {
    const orgId = await work.organization('Comment gate');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { commentRequiredForReview: true, requireApprovalForDone: false });
    const worker = await work.agent(orgId);
    const lead = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const byHuman = await work.task(orgId, boardId);
    const byWorker = await work.task(orgId, boardId);
    const byLead = await work.task(orgId, boardId);

    const missing = { code: 'COMMENT_REQUIRED', field: 'comment' };
    expect(await moveAs(lead.call, byLead, 'REVIEW')).toMatchObject({ ...missing, ids: [byLead] });
    expect(await moveAs(lead.call, byLead, 'REVIEW', { comment: 'Checked' })).toMatchObject({ status: 'REVIEW' });
    expect(await moveAs(admin, byHuman, 'REVIEW')).toMatchObject({ ...missing, ids: [byHuman] });
    expect(await moveAs(admin, byHuman, 'REVIEW', { comment: '   ' })).toMatchObject({ ...missing, ids: [byHuman] });
    expect(await moveAs(worker.call, byWorker, 'REVIEW')).toMatchObject({ ...missing, ids: [byWorker] });
    expect(await moveAs(admin, byHuman, 'REVIEW', { comment: 'Ready' })).toMatchObject({ status: 'REVIEW' });
    expect(await moveAs(worker.call, byWorker, 'REVIEW', { comment: 'Done @lead' })).toMatchObject({
      status: 'REVIEW',
    });
    const comments = await admin(
      'query($id: ID!) { task(id: $id) { comments { nodes { body mentions author { kind id } } } } }',
      { id: byWorker },
    );
    expect(comments.data.task.comments.nodes).toEqual([
      { body: 'Done @lead', mentions: ['lead'], author: { kind: 'AGENT', id: worker.agentId } },
    ]);
    // Moves other than to review need no comment.
    expect(await moveAs(admin, byHuman, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('block status changes while an approval is pending: APPROVAL_PENDING for everyone until it is decided', async () => {
    const orgId = await work.organization('Pending gate');
    const admin = work.admin(orgId);
    // The done gate stays on: until work saw the request, DONE is refused (APPROVAL_REQUIRED) and
    // nothing moves, so waiting for APPROVAL_PENDING cannot move the task by accident.
    const boardId = await work.board(orgId, { blockStatusChangesWithPendingApproval: true });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const task = await work.task(orgId, boardId);
    const other = await work.task(orgId, boardId);
    const pending = await approval(admin, boardId, [task]);

    await expect.poll(async () => (await moveAs(admin, task, 'DONE'))?.code, EVENTUALLY).toBe('APPROVAL_PENDING');
    expect(await moveAs(admin, task, 'IN_PROGRESS')).toMatchObject({ code: 'APPROVAL_PENDING', ids: [task] });
    expect(await moveAs(lead.call, task, 'REVIEW')).toMatchObject({ code: 'APPROVAL_PENDING', ids: [task] });
    expect(await moveAs(worker.call, task, 'IN_PROGRESS')).toMatchObject({ code: 'APPROVAL_PENDING', ids: [task] });
    // Only the task the approval covers is frozen.
    expect(await moveAs(admin, other, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });

    await admin('mutation($id: ID!) { rejectApproval(id: $id, reason: "No") { __typename } }', { id: pending });
    await expect
      .poll(async () => (await moveAs(lead.call, task, 'IN_PROGRESS'))?.status, EVENTUALLY)
      .toBe('IN_PROGRESS');
  });

  it('only the lead changes status: ONLY_LEAD for a worker; the lead and people with write access move', async () => {
    const orgId = await work.organization('Lead only');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { onlyLeadChangesStatus: true, requireApprovalForDone: false });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const writer = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'WRITE' }] });
    const own = await work.task(orgId, boardId, { assigneeAgentId: worker.agentId });
    const free = await work.task(orgId, boardId);

    for (const task of [own, free]) {
      expect(await moveAs(worker.call, task, 'IN_PROGRESS')).toMatchObject({
        code: 'ONLY_LEAD',
        field: 'status',
        ids: [task, worker.agentId],
      });
    }
    expect(await moveAs(lead.call, own, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    // "Humans anything" (MISSION): the toggle binds agents, not people with write access.
    expect(await moveAs(admin, free, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await moveAs(writer, free, 'REVIEW')).toMatchObject({ status: 'REVIEW' });
    // Comments and custom fields are not status changes: the worker still comments on its task.
    expect((await worker.call(ADD_COMMENT, { id: own, body: 'Working on it' })).data.addTaskComment).toMatchObject({
      __typename: 'TaskComment',
    });
  });

  it('board validation: maxAgents ≥ 0, objective and success metrics on confirmed goal boards, a description', async () => {
    const orgId = await work.organization('Board validation');
    const admin = work.admin(orgId);
    const create = async (input: Record<string, unknown>) =>
      (await admin(CREATE_BOARD, { input: { name: 'Goal', description: 'Why', ...input } })).data?.createBoard;
    const bad = (field: string) => ({ __typename: 'DomainError', code: 'BAD_USER_INPUT', field });

    expect(await create({ maxAgents: -1 })).toMatchObject(bad('input.maxAgents'));
    expect(await create({ maxAgents: 1001 })).toMatchObject(bad('input.maxAgents'));
    expect(await create({ name: 'Zero', maxAgents: 0 })).toMatchObject({ __typename: 'Board', maxAgents: 0 });

    expect(await create({ description: '' })).toMatchObject(bad('input.description'));
    expect(await create({ description: '   ' })).toMatchObject(bad('input.description'));
    const missing = await admin(CREATE_BOARD, { input: { name: 'No description' } });
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');

    const goal = { kind: 'GOAL', goalConfirmed: true };
    expect(await create({ ...goal, successMetrics: 'NPS > 50' })).toMatchObject(bad('input.objective'));
    expect(await create({ ...goal, objective: 'Delight users' })).toMatchObject(bad('input.successMetrics'));
    expect(await create({ ...goal, objective: '  ', successMetrics: 'NPS' })).toMatchObject(bad('input.objective'));
    expect(await create({ name: 'Draft goal', kind: 'GOAL' })).toMatchObject({ kind: 'GOAL', goalConfirmed: false });
    const confirmed = await create({ name: 'Real goal', ...goal, objective: 'Delight', successMetrics: 'NPS' });
    expect(confirmed).toMatchObject({ __typename: 'Board', goalConfirmed: true });

    // Updates keep the same rules: a confirmed goal board cannot lose its objective, metrics or description.
    const update = async (id: string, input: Record<string, unknown>) =>
      (await admin(UPDATE_BOARD, { id, input })).data?.updateBoard;
    expect(await update(confirmed.id, { objective: '' })).toMatchObject(bad('input.objective'));
    expect(await update(confirmed.id, { successMetrics: ' ' })).toMatchObject(bad('input.successMetrics'));
    expect(await update(confirmed.id, { description: ' ' })).toMatchObject(bad('input.description'));
    expect(await update(confirmed.id, { maxAgents: -5 })).toMatchObject(bad('input.maxAgents'));
    expect(await update(confirmed.id, { maxAgents: 3 })).toMatchObject({ __typename: 'Board' });
    const draft = (await create({ name: 'Later goal', kind: 'GOAL' })).id;
    expect(await update(draft, { goalConfirmed: true })).toMatchObject(bad('input.objective'));
    expect(await update(draft, { goalConfirmed: true, objective: 'Ship', successMetrics: 'Shipped' })).toMatchObject({
      __typename: 'Board',
    });
  });

  it('people: a read grant reads and gets FORBIDDEN on every write; a write grant writes; no grant sees nothing', async () => {
    const orgId = await work.organization('People');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const hidden = await work.board(orgId);
    const task = await work.task(orgId, boardId, { title: 'Shared' });
    const other = await work.task(orgId, boardId, { title: 'Other' });
    const tag = (await admin(CREATE_TAG, { input: { name: 'People tag', color: '#abcdef' } })).data.createTag.id;
    const reader = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'READ' }] });
    const writer = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'WRITE' }] });

    const read = await reader('query($id: ID!) { task(id: $id) { title board { name } } }', { id: task });
    expect(read.data?.task.title).toBe('Shared');

    const writes: [string, string, Record<string, unknown>][] = [
      [
        'createTask',
        'mutation($b: ID!) { createTask(input: { boardId: $b, title: "x" }) { __typename } }',
        { b: boardId },
      ],
      ['updateTask', UPDATE_TASK, { id: task, input: { title: 'Mine' } }],
      ['moveTask', MOVE, { id: task, status: 'IN_PROGRESS' }],
      ['deleteTask', 'mutation($id: ID!) { deleteTask(id: $id) { __typename } }', { id: task }],
      ['setTaskDependencies', SET_DEPENDENCIES, { id: task, deps: [other] }],
      ['addTaskComment', ADD_COMMENT, { id: task, body: 'Hello' }],
      ['attachTaskTags', ATTACH_TAGS, { id: task, tags: [tag] }],
      ['setTaskCustomFieldValues', SET_FIELDS, { id: task, values: [] }],
      ['updateBoard', UPDATE_BOARD, { id: boardId, input: { name: 'Renamed' } }],
      [
        'addBoardMemory',
        'mutation($b: ID!) { addBoardMemory(boardId: $b, kind: NOTE, body: "x") { __typename } }',
        { b: boardId },
      ],
      [
        'createBoardWebhook',
        'mutation($b: ID!) { createBoardWebhook(boardId: $b, input: { name: "x", requireSignature: false }) { __typename } }',
        { b: boardId },
      ],
      [
        'createApproval',
        CREATE_APPROVAL,
        { input: { boardId, taskIds: [task], actionType: 'x', confidence: 1, reasoning: 'x' } },
      ],
      ['createTag', CREATE_TAG, { input: { name: 'Nope', color: '#000000' } }],
    ];
    for (const [name, query, variables] of writes) {
      const refused = await reader(query, variables);
      expect({ name, code: errorCode(refused) }).toEqual({ name, code: 'FORBIDDEN' });
    }
    const after = await admin('query($id: ID!) { task(id: $id) { title status version comments { nodes { id } } } }', {
      id: task,
    });
    expect(after.data.task).toEqual({ title: 'Shared', status: 'INBOX', version: 1, comments: { nodes: [] } });

    // The write grant: the same writes on the same board succeed.
    expect((await writer(UPDATE_TASK, { id: task, input: { title: 'Mine' } })).data.updateTask).toMatchObject({
      version: 2,
    });
    expect((await writer(MOVE, { id: task, status: 'IN_PROGRESS' })).data.moveTask).toMatchObject({
      status: 'IN_PROGRESS',
    });
    expect((await writer(SET_DEPENDENCIES, { id: other, deps: [task] })).data.setTaskDependencies).toMatchObject({
      blocked: true,
    });
    expect((await writer(ADD_COMMENT, { id: task, body: 'Hi' })).data.addTaskComment).toMatchObject({
      author: { kind: 'USER' },
    });
    expect((await writer(ATTACH_TAGS, { id: task, tags: [tag] })).data.attachTaskTags).toMatchObject({
      __typename: 'Task',
    });
    const approvalId = await approval(writer, boardId, [task]);
    const decided = await writer(
      'mutation($id: ID!) { approveApproval(id: $id) { __typename ... on Approval { status resolvedBy { kind } } } }',
      { id: approvalId },
    );
    expect(decided.data.approveApproval).toMatchObject({ status: 'APPROVED', resolvedBy: { kind: 'USER' } });
    const created = await writer(
      'mutation($b: ID!) { createTask(input: { boardId: $b, title: "New" }) { __typename } }',
      {
        b: boardId,
      },
    );
    expect(created.data.createTask).toEqual({ __typename: 'Task' });

    // A board without a grant does not exist for either of them.
    for (const member of [reader, writer]) {
      const probe = await member('query($id: ID!) { board(id: $id) { name } }', { id: hidden });
      expect(errorCode(probe)).toBe('NOT_FOUND');
    }
    // The reader cannot decide approvals either.
    const pending = await approval(admin, boardId, [other]);
    const notYours = await reader('mutation($id: ID!) { approveApproval(id: $id) { __typename } }', { id: pending });
    expect(errorCode(notYours)).toBe('FORBIDDEN');
  });

  it('people and boards: the admin role alone grants no board access; creating boards needs org-wide write', async () => {
    const orgId = await work.organization('Board people');
    const boardId = await work.board(orgId, { name: 'Private' });
    const bareAdmin = await work.member(orgId, 'ADMIN');
    const writingAdmin = await work.member(orgId, 'ADMIN', { allBoardsWrite: true });
    const writingMember = await work.member(orgId, 'MEMBER', { allBoardsWrite: true });
    const create = (call: Call, name: string) => call(CREATE_BOARD, { input: { name, description: 'x' } });
    const GROUP = 'mutation { createBoardGroup(input: { name: "Group" }) { __typename } }';

    expect(errorCode(await bareAdmin('query($id: ID!) { board(id: $id) { name } }', { id: boardId }))).toBe(
      'NOT_FOUND',
    );
    expect((await bareAdmin('{ boards { nodes { id } } }')).data.boards.nodes).toEqual([]);
    expect((await bareAdmin(UPDATE_BOARD, { id: boardId, input: { name: 'Mine' } })).data.updateBoard).toMatchObject({
      code: 'NOT_FOUND',
      ids: [boardId],
    });
    expect(errorCode(await create(bareAdmin, 'By a bare admin'))).toBe('FORBIDDEN');
    expect(errorCode(await create(writingMember, 'By a member'))).toBe('FORBIDDEN');
    expect(errorCode(await writingMember(GROUP))).toBe('FORBIDDEN');
    expect((await create(writingAdmin, 'By an admin')).data.createBoard).toMatchObject({ __typename: 'Board' });
    expect((await writingAdmin(GROUP)).data.createBoardGroup).toEqual({ __typename: 'BoardGroup' });
    // Org-wide write lets a member change boards, not create them.
    expect((await writingMember(UPDATE_BOARD, { id: boardId, input: { name: 'Renamed' } })).data.updateBoard).toEqual({
      __typename: 'Board',
      id: boardId,
    });
  });

  it('optimistic concurrency: two admins change one task; the second gets CONFLICT with the current task', async () => {
    const orgId = await work.organization('Concurrency');
    const first = work.admin(orgId);
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const second = await work.member(orgId, 'ADMIN', { allBoardsWrite: true });
    const task = await work.task(orgId, boardId, { title: 'Original' });

    const seen = await second('query($id: ID!) { task(id: $id) { version } }', { id: task });
    expect(seen.data.task.version).toBe(1);
    expect((await first(UPDATE_TASK, { id: task, input: { title: 'First' }, v: 1 })).data.updateTask).toMatchObject({
      __typename: 'Task',
      version: 2,
    });
    const conflict = {
      __typename: 'TaskConflict',
      code: 'CONFLICT',
      current: { id: task, version: 2, status: 'INBOX', title: 'First' },
    };
    expect((await second(UPDATE_TASK, { id: task, input: { title: 'Second' }, v: 1 })).data.updateTask).toMatchObject(
      conflict,
    );
    expect((await second(MOVE, { id: task, status: 'IN_PROGRESS', v: 1 })).data.moveTask).toMatchObject(conflict);
    expect((await second(SET_FIELDS, { id: task, values: [], v: 1 })).data.setTaskCustomFieldValues).toMatchObject(
      conflict,
    );
    expect((await second(SET_DEPENDENCIES, { id: task, deps: [], v: 1 })).data.setTaskDependencies).toMatchObject(
      conflict,
    );
    // Nothing was overwritten; with the current version the second admin's change goes through.
    expect((await second(UPDATE_TASK, { id: task, input: { title: 'Second' }, v: 2 })).data.updateTask).toMatchObject({
      version: 3,
    });
    const now = await first('query($id: ID!) { task(id: $id) { title version } }', { id: task });
    expect(now.data.task).toEqual({ title: 'Second', version: 3 });
  });

  it('tags: a tag change bumps the task version; a stale expectedVersion gives CONFLICT with the current task', async () => {
    const orgId = await work.organization('Tag versions');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const task = await work.task(orgId, boardId);
    const created = await admin(CREATE_TAG, { input: { name: 'Versioned', color: '#123456' } });
    const tag = created.data.createTag.id as string;
    expect((await admin(ATTACH_TAGS, { id: task, tags: [tag], v: 1 })).data.attachTaskTags).toMatchObject({
      __typename: 'Task',
      version: 2,
    });
    // A second admin who still saw version 1.
    expect((await admin(DETACH_TAGS, { id: task, tags: [tag], v: 1 })).data.detachTaskTags).toMatchObject({
      __typename: 'TaskConflict',
      code: 'CONFLICT',
      current: { id: task, version: 2 },
    });
    expect((await admin(DETACH_TAGS, { id: task, tags: [tag], v: 2 })).data.detachTaskTags).toMatchObject({
      __typename: 'Task',
      version: 3,
    });
  });

  it('tags: the slug is unique per organization (CONFLICT), the colour is #rrggbb, only admins manage them', async () => {
    const orgId = await work.organization('Tags');
    const admin = work.admin(orgId);
    const create = async (input: Record<string, unknown>, call: Call = admin) =>
      (await call(CREATE_TAG, { input })).data?.createTag;

    const bug = await create({ name: 'Bug', color: '#FF0000' });
    expect(bug).toMatchObject({ __typename: 'Tag', slug: 'bug', color: '#ff0000' });
    expect(await create({ name: 'Bug', color: '#00ff00' })).toMatchObject({
      code: 'CONFLICT',
      field: 'input.slug',
    });
    expect(await create({ name: 'Other', slug: 'bug', color: '#00ff00' })).toMatchObject({ code: 'CONFLICT' });
    for (const color of ['red', '#fff', '#12345g', '123456', '#1234567']) {
      expect({ color, result: await create({ name: `Colour ${color}`, color }) }).toMatchObject({
        color,
        result: { code: 'BAD_USER_INPUT', field: 'input.color' },
      });
    }
    const feature = await create({ name: 'Feature', color: '#00ff00' });
    const rename = async (input: Record<string, unknown>) =>
      (
        await admin(
          `mutation($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) {
            __typename ... on Tag { slug color } ... on DomainError { code field } } }`,
          { id: feature.id, input },
        )
      ).data.updateTag;
    expect(await rename({ slug: 'bug' })).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    expect(await rename({ color: 'green' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.color' });
    expect(await rename({ slug: 'feat', color: '#0000FF' })).toEqual({
      __typename: 'Tag',
      slug: 'feat',
      color: '#0000ff',
    });

    // Another organization may use the same slug; a plain member may not create tags.
    const otherOrg = await work.organization('Tags elsewhere');
    expect(await create({ name: 'Bug', color: '#ff0000' }, work.admin(otherOrg))).toMatchObject({
      __typename: 'Tag',
      slug: 'bug',
    });
    const member = await work.member(orgId, 'MEMBER', { allBoardsWrite: true });
    expect(errorCode(await member(CREATE_TAG, { input: { name: 'Mine', color: '#111111' } }))).toBe('FORBIDDEN');
  });
});
