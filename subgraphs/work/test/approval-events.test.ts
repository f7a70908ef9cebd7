/**
 * Governance's approval events, as they arrive on the stream, drive the done gate: requested →
 * moves are APPROVAL_PENDING, approved → DONE allowed; redelivery and other organizations' events
 * change nothing.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, DomainEventTopic } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { type ApprovalChange, governanceEvents } from '@mc/kit/topics/governance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { createBoard, createTask, MOVE_TASK, makeOrg } from './fixtures.ts';

describe.each(DATABASE_KINDS)('approval events on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  function approvalEvent(
    topic: DomainEventTopic<ApprovalChange>,
    organizationId: string,
    payload: ApprovalChange,
  ): DomainEvent<ApprovalChange> {
    return {
      id: randomUUID(),
      topic: topic.name,
      organizationId,
      actor: { kind: 'user', id: randomUUID() },
      occurredAt: new Date().toISOString(),
      payload,
    };
  }

  const append = (...events: DomainEvent<ApprovalChange>[]) => subgraph.runtime.events.stream.append(events);

  it('turns APPROVAL_REQUIRED into an allowed move once approved, APPROVAL_PENDING while pending', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, {
      requireApprovalForDone: true,
      blockStatusChangesWithPendingApproval: true,
    });
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const move = async (status: string) =>
      (await executeAs(subgraph.instance, org.owner, MOVE_TASK, { id: task.id, status })).data?.moveTask;
    expect(await move('IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED' });

    const approvalId = randomUUID();
    const change = { approvalId, boardId: board.id, taskIds: [task.id] };
    const requested = approvalEvent(governanceEvents.approvalRequested, org.id, { ...change, status: 'PENDING' });
    await append(requested);
    // Polling with DONE changes nothing on the way: APPROVAL_REQUIRED until the request applied.
    await expect.poll(async () => (await move('DONE'))?.code).toBe('APPROVAL_PENDING');
    expect(await move('REVIEW')).toMatchObject({ code: 'APPROVAL_PENDING' });

    const resolved = approvalEvent(governanceEvents.approvalResolved, org.id, { ...change, status: 'APPROVED' });
    await append(resolved);
    await expect.poll(async () => (await move('DONE'))?.status).toBe('DONE');

    // Redelivery of both events, and a late copy of the request under a new id: nothing pending
    // again, and the grant spent by the finish stays spent: the reopened task needs a new approval.
    await append(requested, resolved, { ...requested, id: randomUUID() });
    await new Promise((done) => setTimeout(done, 300));
    expect(await move('IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED' });
  });

  it('ignores approvals from another organization and malformed events', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: true });
    const victim = await createTask(subgraph.instance, org.owner, board.id);
    const marker = await createTask(subgraph.instance, org.owner, board.id);
    const move = async (id: string, status: string) =>
      (await executeAs(subgraph.instance, org.owner, MOVE_TASK, { id, status })).data?.moveTask;
    const approved = (organizationId: string, taskIds: string[]) =>
      approvalEvent(governanceEvents.approvalResolved, organizationId, {
        approvalId: randomUUID(),
        boardId: board.id,
        taskIds,
        status: 'APPROVED',
      });
    const malformed = { ...approved(org.id, [victim.id]), payload: { taskIds: 'nope' } as unknown as ApprovalChange };
    await append(approved(randomUUID(), [victim.id]), malformed, approved(org.id, [marker.id]));
    // The marker's approval comes after the others: once it applied, they were handled.
    await expect.poll(async () => (await move(marker.id, 'DONE'))?.status).toBe('DONE');
    expect(await move(victim.id, 'DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED' });
  });
});
