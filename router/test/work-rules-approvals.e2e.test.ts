/**
 * Approvals, comments and the timeline through the router, with the identity each rule concerns:
 * approval input (confidence 0–100, rubric scores, reasoning, one or more tasks of the board), at
 * most one pending approval per task (CONFLICT with the task ids), a decision taken once
 * (CONFLICT), resolved-by and resolved-at; @mentions in comments; and the timeline recording each
 * change with its actor — a person, the lead agent, a worker agent — filterable by actor.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ADD_COMMENT,
  type Call,
  EVENTUALLY,
  errorCode,
  MOVE,
  UPDATE_TASK,
  useSharedWorkStack,
} from './support/work-fixtures.ts';

const APPROVAL = `__typename ... on Approval { id status confidence reasoning rubricScores { criterion score }
  tasks { id } requestedBy { kind id } resolvedBy { kind id } resolvedAt resolutionNote }
  ... on DomainError { code field ids }`;

describe('approvals, comments and the timeline through the router', { timeout: 90_000 }, () => {
  const work = useSharedWorkStack();

  const request = async (call: Call, input: Record<string, unknown>) =>
    (
      await call(`mutation($input: CreateApprovalInput!) { createApproval(input: $input) { ${APPROVAL} } }`, {
        input: { actionType: 'task.done', confidence: 80, reasoning: 'Checked twice', ...input },
      })
    ).data?.createApproval;

  it('validates an approval request and keeps at most one pending approval per task', async () => {
    const orgId = await work.organization('Approval input');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const [a, b, c] = [
      await work.task(orgId, boardId),
      await work.task(orgId, boardId),
      await work.task(orgId, boardId),
    ];
    const bad = (field: string) => ({ __typename: 'DomainError', code: 'BAD_USER_INPUT', field });

    expect(await request(admin, { boardId, taskIds: [a], confidence: -1 })).toMatchObject(bad('input.confidence'));
    expect(await request(admin, { boardId, taskIds: [a], confidence: 101 })).toMatchObject(bad('input.confidence'));
    expect(await request(admin, { boardId, taskIds: [a], reasoning: '   ' })).toMatchObject(bad('input.reasoning'));
    expect(await request(admin, { boardId, taskIds: [] })).toMatchObject(bad('input.taskIds'));
    expect(
      await request(admin, { boardId, taskIds: [a], rubricScores: [{ criterion: 'tests', score: 120 }] }),
    ).toMatchObject(bad('input.rubricScores.0.score'));
    expect(
      await request(admin, { boardId, taskIds: [a], rubricScores: [{ criterion: ' ', score: 50 }] }),
    ).toMatchObject(bad('input.rubricScores.0.criterion'));
    // A task of another board of the organization is not the approval's.
    const elsewhere = await work.task(orgId, await work.board(orgId));
    // Governance knows where a task is from work's events: wait until it saw this one.
    const seen = async () =>
      (
        await admin(
          'query($t: ID!) { activity(filter: { taskId: $t, types: ["work.taskCreated"] }) { nodes { id } } }',
          {
            t: elsewhere,
          },
        )
      ).data?.activity.nodes.length;
    await expect.poll(seen, EVENTUALLY).toBe(1);
    expect(await request(admin, { boardId, taskIds: [a, elsewhere] })).toMatchObject({
      ...bad('input.taskIds'),
      ids: [elsewhere],
    });

    // One approval may cover several tasks; the bounds 0 and 100 are valid.
    const both = await request(admin, {
      boardId,
      taskIds: [a, b, a],
      confidence: 100,
      rubricScores: [
        { criterion: 'tests', score: 0 },
        { criterion: 'docs', score: 100 },
      ],
    });
    expect(both).toMatchObject({
      __typename: 'Approval',
      status: 'PENDING',
      confidence: 100,
      tasks: [{ id: a }, { id: b }],
      requestedBy: { kind: 'USER' },
      resolvedBy: null,
      resolvedAt: null,
    });
    expect(await request(admin, { boardId, taskIds: [c, b] })).toMatchObject({ code: 'CONFLICT', ids: [b] });
    expect(await request(admin, { boardId, taskIds: [c], confidence: 0 })).toMatchObject({
      status: 'PENDING',
      confidence: 0,
    });

    // A decision is taken once; a rejection needs a reason.
    const decide = async (verb: 'approveApproval' | 'rejectApproval', extra = '') =>
      (await admin(`mutation($id: ID!) { ${verb}(id: $id${extra}) { ${APPROVAL} } }`, { id: both.id })).data?.[verb];
    expect(await decide('rejectApproval', ', reason: "  "')).toMatchObject(bad('reason'));
    const approved = await decide('approveApproval', ', note: "Ship it"');
    expect(approved).toMatchObject({ status: 'APPROVED', resolvedBy: { kind: 'USER' }, resolutionNote: 'Ship it' });
    expect(Date.parse(approved.resolvedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await decide('approveApproval')).toMatchObject({ code: 'CONFLICT', ids: [both.id] });
    expect(await decide('rejectApproval', ', reason: "Too late"')).toMatchObject({ code: 'CONFLICT', ids: [both.id] });
    // Decided, the tasks are free for a new request.
    expect(await request(admin, { boardId, taskIds: [a, b] })).toMatchObject({ status: 'PENDING' });
  });

  it('comments keep their @mentions: @lead, first names and quoted full names, not e-mail addresses', async () => {
    const orgId = await work.organization('Mentions');
    const boardId = await work.board(orgId);
    const worker = await work.agent(orgId);
    const task = await work.task(orgId, boardId);
    const body = 'Ask @lead, then @Ada and @"Ada Lovelace" (not ada@example.test); @lead again';
    const human = (await work.admin(orgId)(ADD_COMMENT, { id: task, body })).data.addTaskComment;
    expect(human).toMatchObject({ body, mentions: ['lead', 'Ada', 'Ada Lovelace'], author: { kind: 'USER' } });
    const agent = (await worker.call(ADD_COMMENT, { id: task, body: '@Grace done' })).data.addTaskComment;
    expect(agent).toMatchObject({ mentions: ['Grace'], author: { kind: 'AGENT', id: worker.agentId } });
    expect((await worker.call(ADD_COMMENT, { id: task, body: '  ' })).data.addTaskComment).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'body',
    });
    const tooLong = await worker.call(ADD_COMMENT, { id: task, body: 'x'.repeat(10_001) });
    expect(tooLong.data.addTaskComment).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
  });

  it('the timeline records each change with its actor: a person, the lead agent, a worker agent', async () => {
    const orgId = await work.organization('Timeline');
    const admin = work.admin(orgId);
    const userId = (await admin('{ me { id } }')).data.me.id;
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const task = await work.task(orgId, boardId);

    expect((await worker.call(MOVE, { id: task, status: 'IN_PROGRESS' })).data.moveTask.status).toBe('IN_PROGRESS');
    expect((await worker.call(MOVE, { id: task, status: 'REVIEW' })).data.moveTask.status).toBe('REVIEW');
    expect((await lead.call(MOVE, { id: task, status: 'DONE' })).data.moveTask.status).toBe('DONE');
    const assignee = randomUUID();
    expect(
      (await admin(UPDATE_TASK, { id: task, input: { assigneeAgentId: assignee } })).data.updateTask,
    ).toMatchObject({ assigneeAgentId: assignee });

    const timeline = async (filter: Record<string, unknown>) =>
      (
        await admin(
          `query($filter: ActivityFilter) { activity(filter: $filter) { nodes { type actor { kind id } before after } } }`,
          { filter: { taskId: task, ...filter } },
        )
      ).data?.activity.nodes;
    await expect.poll(async () => (await timeline({}))?.length, EVENTUALLY).toBe(5);
    expect(await timeline({})).toEqual([
      {
        type: 'work.taskUpdated',
        actor: { kind: 'USER', id: userId },
        before: { assigneeAgentId: lead.agentId },
        after: { assigneeAgentId: assignee },
      },
      {
        type: 'work.taskMoved',
        actor: { kind: 'AGENT', id: lead.agentId },
        before: { status: 'REVIEW' },
        after: { status: 'DONE' },
      },
      {
        type: 'work.taskMoved',
        actor: { kind: 'AGENT', id: worker.agentId },
        before: { status: 'IN_PROGRESS', assigneeAgentId: worker.agentId },
        after: { status: 'REVIEW', assigneeAgentId: lead.agentId },
      },
      {
        type: 'work.taskMoved',
        actor: { kind: 'AGENT', id: worker.agentId },
        before: { status: 'INBOX', assigneeAgentId: null },
        after: { status: 'IN_PROGRESS', assigneeAgentId: worker.agentId },
      },
      { type: 'work.taskCreated', actor: { kind: 'USER', id: userId }, before: null, after: expect.any(Object) },
    ]);
    const byLead = await timeline({ actorKind: 'AGENT', actorId: lead.agentId });
    expect(byLead.map((node: { type: string }) => node.type)).toEqual(['work.taskMoved']);
    const byAgents = await timeline({ actorKind: 'AGENT' });
    expect(byAgents).toHaveLength(3);
    const byPeople = await timeline({ actorKind: 'USER', types: ['work.taskUpdated'] });
    expect(byPeople).toHaveLength(1);
    // Agents do not read the organization's timeline.
    expect(errorCode(await lead.call('{ activity { nodes { type } } }'))).toBe('FORBIDDEN');
  });
});
