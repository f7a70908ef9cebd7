/**
 * Agents requesting approvals, decided from work's events only: the board's lead for any task of
 * its board, a worker for the tasks assigned to it (creation, update, hand-over), nobody else
 * (FORBIDDEN with the task ids), never another organization's board; a request racing the event
 * that makes the agent the assignee waits for it; agents read their own requests and every approval,
 * task approval and pending count of the boards they lead or have a task assigned on, and never
 * resolve.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { ProjectionStore } from '../src/db/projection-store.ts';
import { governanceModule } from '../src/index.ts';
import { APPROVE, approvalInput, CREATE_APPROVAL, codes, makeOrg, workEvent } from './fixtures.ts';

const agentOf = (orgId: string): Identity & { kind: 'agent' } => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

const LIST = `query($filter: ApprovalFilter) { approvals(filter: $filter) { nodes { id requestedBy { kind id } } } }`;

describe.each(DATABASE_KINDS)('agents requesting approvals on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind, { envSource: { BOARD_PROJECTION_WAIT_MS: '3000' } });
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const projections = () => new ProjectionStore(subgraph.runtime.database.db);

  /** Appends work's events as its relay would and waits until the consumer applied the last one. */
  async function deliver(...events: DomainEvent[]) {
    await subgraph.runtime.events.stream.append(events);
    const last = events[events.length - 1];
    await expect
      .poll(
        async () => {
          const result = await subgraph.runtime.database.db.execute(
            sql`select 1 from governance.activity where event_id = ${last.id}`,
          );
          return (result as unknown as { rows: unknown[] }).rows.length;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
  }

  /** A board of `orgId` led by `leadAgentId`, with tasks (assignee per task, null for none). */
  async function boardWith(orgId: string, leadAgentId: string | null, assignees: (string | null)[]) {
    const boardId = randomUUID();
    const taskIds = assignees.map(() => randomUUID());
    await deliver(
      workEvent('boardCreated', orgId, { boardId, after: { name: 'B', leadAgentId, boardGroupId: null } }),
      ...taskIds.map((taskId, index) =>
        workEvent('taskCreated', orgId, {
          boardId,
          taskId,
          after: { title: 't', status: 'INBOX', assigneeAgentId: assignees[index] },
        }),
      ),
    );
    return { boardId, taskIds };
  }

  it('projects the lead and the assignees from work’s events, newest assignment wins', async () => {
    const org = makeOrg();
    const [lead, worker, other] = [randomUUID(), randomUUID(), randomUUID()];
    const { boardId, taskIds } = await boardWith(org.id, lead, [worker, null]);
    expect((await projections().boards([boardId])).get(boardId)?.leadAgentId).toBe(lead);
    const tasks = await projections().tasks(taskIds);
    expect(tasks.get(taskIds[0])?.assigneeAgentId).toBe(worker);
    expect(tasks.get(taskIds[1])?.assigneeAgentId).toBeNull();

    const later = new Date(Date.now() + 60_000);
    await deliver(
      workEvent('boardUpdated', org.id, { boardId, before: { leadAgentId: lead }, after: { leadAgentId: other } }),
      workEvent(
        'taskUpdated',
        org.id,
        { boardId, taskId: taskIds[1], after: { assigneeAgentId: other } },
        { at: later },
      ),
      // An older event delivered late never overwrites the newer assignment.
      workEvent('taskUpdated', org.id, { boardId, taskId: taskIds[1], after: { assigneeAgentId: worker } }),
      // A move that hands the task over names the new assignee.
      workEvent('taskMoved', org.id, {
        boardId,
        taskId: taskIds[0],
        from: 'IN_PROGRESS',
        to: 'REVIEW',
        after: { status: 'REVIEW', assigneeAgentId: other },
      }),
    );
    expect((await projections().boards([boardId])).get(boardId)?.leadAgentId).toBe(other);
    const now = await projections().tasks(taskIds);
    expect(now.get(taskIds[1])?.assigneeAgentId).toBe(other);
    expect(now.get(taskIds[0])?.assigneeAgentId).toBe(other);
  });

  it('lets the lead request for any task of its board and a worker for its own tasks, as the actor', async () => {
    const org = makeOrg();
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const { boardId, taskIds } = await boardWith(org.id, lead.agentId, [worker.agentId, null]);

    const asLead = await run(lead, CREATE_APPROVAL, { input: approvalInput(boardId, [taskIds[1]]) });
    expect(asLead.errors).toBeUndefined();
    expect(asLead.data?.createApproval).toMatchObject({
      __typename: 'Approval',
      status: 'PENDING',
      requestedBy: { kind: 'AGENT', id: lead.agentId },
    });
    const asWorker = await run(worker, CREATE_APPROVAL, { input: approvalInput(boardId, [taskIds[0]]) });
    expect(asWorker.data?.createApproval).toMatchObject({
      __typename: 'Approval',
      requestedBy: { kind: 'AGENT', id: worker.agentId },
    });

    // The timeline shows the agent as the actor.
    const timeline = await run(
      org.owner,
      `query($filter: ActivityFilter) { activity(filter: $filter) { edges { node { type actor { kind id } } } } }`,
      { filter: { boardId, types: ['governance.approvalRequested'] } },
    );
    // (Both entries may fall in the same millisecond: their order is not the point here.)
    const actors = timeline.data?.activity.edges.map((edge: any) => edge.node.actor);
    expect(actors).toHaveLength(2);
    expect(actors).toEqual(
      expect.arrayContaining([
        { kind: 'AGENT', id: worker.agentId },
        { kind: 'AGENT', id: lead.agentId },
      ]),
    );

    // Reads: the lead and a worker assigned on the board every approval of it, by id and in its list;
    // an agent with nothing on the board only its own requests.
    const workerList = await run(worker, LIST, { filter: { boardId } });
    expect(workerList.data?.approvals.nodes).toHaveLength(2);
    const leadList = await run(lead, LIST, { filter: { boardId } });
    expect(leadList.data?.approvals.nodes).toHaveLength(2);
    const single = `query($id: ID!) { approval(id: $id) { id } }`;
    expect((await run(worker, single, { id: asLead.data?.createApproval.id })).data?.approval).toBeTruthy();
    expect((await run(lead, single, { id: asWorker.data?.createApproval.id })).data?.approval).toBeTruthy();
    const bystander = agentOf(org.id);
    expect(codes(await run(bystander, single, { id: asLead.data?.createApproval.id }))).toEqual(['NOT_FOUND']);
    expect((await run(bystander, LIST, { filter: { boardId } })).data?.approvals.nodes).toEqual([]);

    // Agents never decide.
    expect(codes(await run(lead, APPROVE, { id: asWorker.data?.createApproval.id }))).toEqual(['FORBIDDEN']);
    const approved = await run(org.owner, APPROVE, { id: asWorker.data?.createApproval.id });
    expect(approved.data?.approveApproval).toMatchObject({ status: 'APPROVED' });
  });

  it('refuses a worker for tasks it is not assigned (FORBIDDEN with their ids) and other organizations', async () => {
    const org = makeOrg();
    const worker = agentOf(org.id);
    const { boardId, taskIds } = await boardWith(org.id, null, [worker.agentId, null, randomUUID()]);
    const mixed = await run(worker, CREATE_APPROVAL, { input: approvalInput(boardId, taskIds) });
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', ids: [taskIds[1], taskIds[2]] });
    expect(mixed.data?.createApproval ?? null).toBeNull();

    const stranger = agentOf(makeOrg().id);
    const foreign = await run(stranger, CREATE_APPROVAL, { input: approvalInput(boardId, [taskIds[0]]) });
    expect(foreign.data?.createApproval).toMatchObject({ code: 'NOT_FOUND', ids: [boardId] });
    expect(codes(await run(stranger, LIST, { filter: { boardId } }))).toEqual(['NOT_FOUND']);

    // A task of another board of the organization, and a task never heard of.
    const elsewhere = await boardWith(org.id, worker.agentId, [worker.agentId]);
    const misplaced = await run(worker, CREATE_APPROVAL, {
      input: approvalInput(boardId, [taskIds[0], elsewhere.taskIds[0]]),
    });
    expect(misplaced.data?.createApproval).toMatchObject({ code: 'BAD_USER_INPUT', ids: [elsewhere.taskIds[0]] });
    const ghost = randomUUID();
    const unknown = await run(worker, CREATE_APPROVAL, { input: approvalInput(boardId, [ghost]) });
    expect(unknown.data?.createApproval).toMatchObject({ code: 'NOT_FOUND', ids: [ghost] });
  });

  it('lets the lead and agents assigned on a board read its tasks’ approvals and pending count, nobody else', async () => {
    const org = makeOrg();
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const bystander = agentOf(org.id);
    const { boardId, taskIds } = await boardWith(org.id, lead.agentId, [worker.agentId, null]);
    const other = await boardWith(org.id, bystander.agentId, [bystander.agentId]);
    const byLead = await run(lead, CREATE_APPROVAL, { input: approvalInput(boardId, [taskIds[1]]) });
    expect(byLead.data?.createApproval.__typename).toBe('Approval');
    const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Task { id approvals { id status } } ... on Board { id pendingApprovalCount } } }`;
    const reps = [
      { __typename: 'Task', id: taskIds[1] },
      { __typename: 'Board', id: boardId },
    ];
    const expected = [
      { id: taskIds[1], approvals: [{ id: byLead.data?.createApproval.id, status: 'PENDING' }] },
      { id: boardId, pendingApprovalCount: 1 },
    ];
    // The lead, and a worker assigned another task of the board (the rule for requesting).
    for (const agent of [lead, worker]) {
      const seen = await run(agent, ENTITIES, { reps });
      expect(seen.errors).toBeUndefined();
      expect(seen.data?._entities).toEqual(expected);
    }
    // An agent of another board of the organization: refused per entity, its own board readable.
    const refused = await run(bystander, ENTITIES, {
      reps: [...reps, { __typename: 'Board', id: other.boardId }],
    });
    expect(codes(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(refused.data?._entities[2]).toEqual({ id: other.boardId, pendingApprovalCount: 0 });
    // Another organization's agent: refused, nothing leaks.
    const stranger = agentOf(makeOrg().id);
    const foreign = await run(stranger, ENTITIES, { reps });
    expect(codes(foreign)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(JSON.stringify(foreign.data ?? null)).not.toContain(byLead.data?.createApproval.id);
  });

  it('waits for the event that assigns the task when the request outruns it', async () => {
    const org = makeOrg();
    const worker = agentOf(org.id);
    const { boardId, taskIds } = await boardWith(org.id, null, [null]);
    // Sent before the event that assigns the task is even on the stream.
    const request = run(worker, CREATE_APPROVAL, { input: approvalInput(boardId, taskIds) });
    await deliver(
      workEvent('taskMoved', org.id, {
        boardId,
        taskId: taskIds[0],
        from: 'INBOX',
        to: 'IN_PROGRESS',
        after: { status: 'IN_PROGRESS', assigneeAgentId: worker.agentId },
      }),
    );
    const result = await request;
    expect(result.errors).toBeUndefined();
    expect(result.data?.createApproval).toMatchObject({ __typename: 'Approval', status: 'PENDING' });
  });
});
