/**
 * The lead/assignee projection backfilled from work's snapshots: a board and a task governance knew
 * before the projection had those columns (rows without lead or assignee) refuse their agents; once
 * work's `work.boardSnapshot` / `work.taskSnapshot` arrive the lead and the assignee may request
 * approvals. A snapshot never undoes a newer change, puts nothing on the timeline, and a database
 * asks for a given backfill once.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { ProjectionStore } from '../src/db/projection-store.ts';
import { governanceModule } from '../src/index.ts';
import { requestSnapshots } from '../src/services/projection-backfill.ts';
import { approvalInput, CREATE_APPROVAL, makeOrg, workEvent } from './fixtures.ts';

const agentOf = (orgId: string): Identity & { kind: 'agent' } => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

describe.each(DATABASE_KINDS)('projection backfill from work’s snapshots on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind);
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const projections = () => new ProjectionStore(subgraph.runtime.database.db);
  const rows = async (query: ReturnType<typeof sql>) =>
    ((await subgraph.runtime.database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;

  /** Appends events as work's relay would and waits until the consumer claimed the last one. */
  async function deliver(...events: DomainEvent[]) {
    await subgraph.runtime.events.stream.append(events);
    const last = events[events.length - 1];
    await expect
      .poll(async () => (await rows(sql`select 1 from governance.mc_inbox where event_id = ${last.id}`)).length, {
        timeout: 10_000,
      })
      .toBe(1);
  }

  const snapshot = (topic: 'boardSnapshot' | 'taskSnapshot', orgId: string, payload: object, at = new Date()) => ({
    id: randomUUID(),
    topic: `work.${topic}`,
    organizationId: orgId,
    actor: { kind: 'system', id: 'work' },
    occurredAt: at.toISOString(),
    payload,
  });

  it('lets the lead and the assignee of a board and task known from before request approvals after the snapshots', async () => {
    const org = makeOrg();
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const [boardId, taskId, otherTask] = [randomUUID(), randomUUID(), randomUUID()];
    // As migration 0004 left them: governance knew the board and its tasks, not who leads or works on them.
    const long = new Date(Date.now() - 86_400_000);
    await projections().upsertBoard({ boardId, organizationId: org.id, at: long });
    for (const id of [taskId, otherTask]) {
      await projections().applyTransition({
        eventId: randomUUID(),
        organizationId: org.id,
        boardId,
        taskId: id,
        fromStatus: null,
        toStatus: 'INBOX',
        at: long,
      });
    }
    expect(
      (await run(worker, CREATE_APPROVAL, { input: approvalInput(boardId, [taskId]) })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'FORBIDDEN', ids: [taskId] });
    expect(
      (await run(lead, CREATE_APPROVAL, { input: approvalInput(boardId, [otherTask]) })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });

    await deliver(
      snapshot('boardSnapshot', org.id, { boardId, boardGroupId: null, leadAgentId: lead.agentId }),
      snapshot('taskSnapshot', org.id, { boardId, taskId, status: 'IN_PROGRESS', assigneeAgentId: worker.agentId }),
      snapshot('taskSnapshot', org.id, { boardId, taskId: otherTask, status: 'INBOX', assigneeAgentId: null }),
    );
    const byWorker = await run(worker, CREATE_APPROVAL, { input: approvalInput(boardId, [taskId]) });
    expect(byWorker.data?.createApproval).toMatchObject({
      __typename: 'Approval',
      requestedBy: { kind: 'AGENT', id: worker.agentId },
    });
    const byLead = await run(lead, CREATE_APPROVAL, { input: approvalInput(boardId, [otherTask]) });
    expect(byLead.data?.createApproval).toMatchObject({ __typename: 'Approval', requestedBy: { id: lead.agentId } });
    // Snapshots are not changes: nothing on the timeline.
    expect(await rows(sql`select 1 from governance.activity where board_id = ${boardId}`)).toHaveLength(2);
  });

  it('never undoes a newer change, and fills a board and task it never heard of', async () => {
    const org = makeOrg();
    const [boardId, taskId, unknownBoard, unknownTask] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [oldLead, newLead, oldWorker, newWorker] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const before = new Date(Date.now() - 60_000);
    // Work changed the lead and the assignee after it read the snapshot; governance saw those first.
    await deliver(
      workEvent('boardCreated', org.id, { boardId, after: { name: 'B', leadAgentId: newLead, boardGroupId: null } }),
      workEvent('taskCreated', org.id, {
        boardId,
        taskId,
        after: { title: 't', status: 'INBOX', assigneeAgentId: newWorker },
      }),
    );
    await deliver(
      snapshot('boardSnapshot', org.id, { boardId, boardGroupId: null, leadAgentId: oldLead }, before),
      snapshot('taskSnapshot', org.id, { boardId, taskId, status: 'INBOX', assigneeAgentId: oldWorker }, before),
      snapshot('boardSnapshot', org.id, { boardId: unknownBoard, boardGroupId: null, leadAgentId: oldLead }),
      snapshot('taskSnapshot', org.id, {
        boardId: unknownBoard,
        taskId: unknownTask,
        status: 'REVIEW',
        assigneeAgentId: oldWorker,
      }),
    );
    const boards = await projections().boards([boardId, unknownBoard]);
    expect(boards.get(boardId)?.leadAgentId).toBe(newLead);
    expect(boards.get(unknownBoard)).toMatchObject({ organizationId: org.id, leadAgentId: oldLead });
    const tasks = await projections().tasks([taskId, unknownTask]);
    expect(tasks.get(taskId)?.assigneeAgentId).toBe(newWorker);
    expect(tasks.get(unknownTask)).toMatchObject({
      organizationId: org.id,
      boardId: unknownBoard,
      status: 'REVIEW',
      assigneeAgentId: oldWorker,
    });
    // An older board event arriving late does not undo the snapshot's newer lead either.
    await deliver(
      workEvent(
        'boardUpdated',
        org.id,
        { boardId: unknownBoard, after: { leadAgentId: newLead } },
        { at: new Date(Date.now() - 3_600_000) },
      ),
    );
    expect((await projections().boards([unknownBoard])).get(unknownBoard)?.leadAgentId).toBe(oldLead);
  });

  it('asks work once per database and backfill', async () => {
    const name = `test-${randomUUID()}`;
    const requests = async () =>
      rows(
        sql`select 1 from governance.mc_outbox where event->>'topic' = 'governance.projectionSnapshotRequested'
          and event->'payload'->>'name' = ${name}`,
      );
    expect(await requestSnapshots(subgraph.runtime, name)).toBe(true);
    expect(await requestSnapshots(subgraph.runtime, name)).toBe(false);
    expect(await requests()).toHaveLength(1);
  });
});
