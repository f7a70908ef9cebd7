/**
 * Pending approvals of deleted tasks and boards, from work's events: the last task gone cancels
 * (CANCELLED, resolvedAt, system actor, reason, `governance.approvalCancelled` event and timeline
 * entry, live `approvalChanged`), a multi-task approval losing one task stays pending for the
 * others (`governance.approvalTasksDropped` and its timeline entry, live on the activity stream), a board's deletion cancels all its pending approvals, resolved ones stay as they are, and
 * a redelivered event changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { type DomainEvent, DomainEvents, ensureEventTables, MemoryEventBus, systemClock } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, subscribeAs, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { type ApprovalChange, type ApprovalTasksDropped, governanceEvents } from '../src/domain-events.ts';
import { approvalChanged } from '../src/events.ts';
import { governanceModule } from '../src/index.ts';
import { APPROVAL_FIELDS, APPROVE, createApproval, knownBoard, makeOrg, workEvent } from './fixtures.ts';

describe.each(DATABASE_KINDS)('approvals of deleted tasks and boards on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  let probe: DomainEvents;
  const bus = new MemoryEventBus();
  const cancelledEvents: DomainEvent<ApprovalChange>[] = [];
  const droppedEvents: DomainEvent<ApprovalTasksDropped>[] = [];
  const live: string[] = [];

  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind, { bus });
    const schema = `probe_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(subgraph.runtime.database, schema);
    probe = new DomainEvents({
      database: subgraph.runtime.database,
      schema,
      stream: subgraph.runtime.events.stream,
      clock: systemClock,
      logger: subgraph.runtime.logger,
    });
    await probe.consume([governanceEvents.approvalCancelled, governanceEvents.approvalTasksDropped], async (event) => {
      if (event.topic === governanceEvents.approvalTasksDropped.name) {
        droppedEvents.push(event as DomainEvent<ApprovalTasksDropped>);
      } else cancelledEvents.push(event);
    });
    await bus.subscribe(approvalChanged, (event) => live.push(event.approvalId));
  });
  afterAll(async () => {
    await probe?.stop();
    await subgraph?.close();
  });

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const GET = `query($id: ID!) { approval(id: $id) { ${APPROVAL_FIELDS} } }`;
  const read = async (orgOwner: Parameters<typeof run>[0], id: string) =>
    (await run(orgOwner, GET, { id })).data?.approval;

  /** Appends work's events as its relay would and waits until the consumer took the last one. */
  async function deliver(...events: DomainEvent[]) {
    await subgraph.runtime.events.stream.append(events);
    const last = events[events.length - 1];
    await expect
      .poll(
        async () => {
          const result = await subgraph.runtime.database.db.execute(
            sql`select 1 from governance.mc_inbox where event_id = ${last.id}`,
          );
          return (result as unknown as { rows: unknown[] }).rows.length;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
  }

  const taskDeleted = (orgId: string, boardId: string, taskId: string) =>
    workEvent('taskDeleted', orgId, { boardId, taskId, before: { title: 't', status: 'INBOX' } });

  it('cancels an approval whose only task was deleted, with the system actor, a reason and a timeline entry', async () => {
    const org = makeOrg();
    const boardId = await knownBoard(subgraph.runtime, org.id);
    const taskId = randomUUID();
    const approval = await createApproval(subgraph.instance, org.owner, boardId, [taskId]);
    const deletion = taskDeleted(org.id, boardId, taskId);
    await deliver(deletion);

    const cancelled = await read(org.owner, approval.id);
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      resolvedBy: { kind: 'SYSTEM', id: 'governance' },
      resolutionNote: 'Every task of this approval was deleted',
      tasks: [{ id: taskId }],
    });
    expect(new Date(cancelled.resolvedAt).toISOString()).toBe(deletion.occurredAt);
    await expect.poll(() => cancelledEvents.some((event) => event.payload.approvalId === approval.id)).toBe(true);
    await expect.poll(() => live.includes(approval.id)).toBe(true);

    const timeline = await run(
      org.owner,
      `query($filter: ActivityFilter) { activity(filter: $filter) { edges { node { type actor { kind id } before after } } } }`,
      { filter: { boardId, types: ['governance.approvalCancelled'] } },
    );
    expect(timeline.data?.activity.edges.map((edge: any) => edge.node)).toEqual([
      {
        type: 'governance.approvalCancelled',
        actor: { kind: 'SYSTEM', id: 'governance' },
        before: { status: 'PENDING' },
        after: {
          status: 'CANCELLED',
          actionType: 'task.done',
          taskIds: [taskId],
          note: 'Every task of this approval was deleted',
        },
      },
    ]);

    // The task is free again as far as governance knows, and a redelivery changes nothing.
    await deliver(deletion);
    expect(cancelledEvents.filter((event) => event.payload.approvalId === approval.id)).toHaveLength(1);
    expect(await read(org.owner, approval.id)).toMatchObject({ status: 'CANCELLED' });
  });

  it('keeps a multi-task approval pending for the tasks left, and cancels it with the last one', async () => {
    const org = makeOrg();
    const boardId = await knownBoard(subgraph.runtime, org.id);
    const [a, b] = [randomUUID(), randomUUID()];
    const approval = await createApproval(subgraph.instance, org.owner, boardId, [a, b]);
    const sequence = (await run(org.owner, '{ activitySequence }')).data?.activitySequence as number;
    await deliver(taskDeleted(org.id, boardId, a));
    expect(await read(org.owner, approval.id)).toMatchObject({ status: 'PENDING', tasks: [{ id: b }] });
    // Dropping the task is its own event and timeline entry (filed under the dropped task), on the live stream.
    await expect.poll(() => droppedEvents.some((event) => event.payload.approvalId === approval.id)).toBe(true);
    expect(droppedEvents.find((event) => event.payload.approvalId === approval.id)?.payload).toMatchObject({
      boardId,
      taskIds: [b],
      droppedTaskIds: [a],
      status: 'PENDING',
    });
    await expect.poll(() => live.includes(approval.id)).toBe(true);
    const entry = {
      type: 'governance.approvalTasksDropped',
      actor: { kind: 'SYSTEM', id: 'governance' },
      before: { taskIds: [a, b] },
      after: { status: 'PENDING', actionType: 'task.done', taskIds: [b], droppedTaskIds: [a] },
    };
    const filed = await run(
      org.owner,
      `query($filter: ActivityFilter) { activity(filter: $filter) { edges { node { type actor { kind id } before after sequence } } } }`,
      { filter: { taskId: a, types: ['governance.approvalTasksDropped'] } },
    );
    const nodes = filed.data?.activity.edges.map((edge: any) => edge.node);
    expect(nodes).toEqual([{ ...entry, sequence: expect.any(Number) }]);
    const stream = await subscribeAs(
      subgraph.instance,
      org.owner,
      `subscription($filter: ActivityStreamFilter, $after: Int) { activityEvents(filter: $filter, after: $after) {
        type actor { kind id } before after } }`,
      { filter: { boardId, types: ['governance.approvalTasksDropped'] }, after: sequence },
    );
    const first = await stream.next();
    await stream.close();
    expect(first).toMatchObject({ data: { activityEvents: entry } });
    expect(typeof first === 'object' ? first.errors : 'no result').toBeUndefined();
    await deliver(taskDeleted(org.id, boardId, b));
    expect(await read(org.owner, approval.id)).toMatchObject({ status: 'CANCELLED', tasks: [{ id: b }] });
  });

  it('cancels every pending approval of a deleted board and leaves resolved ones alone', async () => {
    const org = makeOrg();
    const boardId = await knownBoard(subgraph.runtime, org.id);
    const first = await createApproval(subgraph.instance, org.owner, boardId, [randomUUID()]);
    const second = await createApproval(subgraph.instance, org.owner, boardId, [randomUUID(), randomUUID()]);
    const decided = await createApproval(subgraph.instance, org.owner, boardId, [randomUUID()]);
    await run(org.owner, APPROVE, { id: decided.id });
    const otherBoard = await knownBoard(subgraph.runtime, org.id);
    const elsewhere = await createApproval(subgraph.instance, org.owner, otherBoard, [randomUUID()]);

    await deliver(workEvent('boardDeleted', org.id, { boardId, before: { name: 'B', slug: 'b' } }));
    // The board is gone: its approvals are only readable by id through the organization's list.
    const list = await run(org.owner, `{ approvals(first: 100) { nodes { id status resolutionNote } } }`);
    const byId = new Map(list.data?.approvals.nodes.map((node: any) => [node.id, node]));
    expect(byId.get(first.id)).toMatchObject({ status: 'CANCELLED', resolutionNote: 'The board was deleted' });
    expect(byId.get(second.id)).toMatchObject({ status: 'CANCELLED' });
    expect(byId.get(decided.id)).toMatchObject({ status: 'APPROVED' });
    expect(byId.get(elsewhere.id)).toMatchObject({ status: 'PENDING' });
  });
});
