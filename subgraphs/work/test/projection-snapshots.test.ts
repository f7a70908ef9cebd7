/**
 * Snapshots for governance's projections: `governance.projectionSnapshotRequested` (appended to the
 * stream as governance's outbox relay would) makes work record one `work.boardSnapshot` per board
 * (group, lead agent) and one `work.taskSnapshot` per task (status, assignee), with the organization
 * (every organization's, or the one the request names), once per request; they are not board-sync
 * changes.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { createBoard, createTask, MOVE_TASK, makeOrg, UPDATE_BOARD } from './fixtures.ts';

describe.each(DATABASE_KINDS)('projection snapshots on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await subgraph.runtime.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const snapshotsOf = async (topic: string, key: 'boardId' | 'taskId', id: string) =>
    (
      await rows<{ event: DomainEvent }>(
        sql`select event from work.mc_outbox where event->>'topic' = ${topic} and event->'payload'->>${key} = ${id} order by seq`,
      )
    ).map((row) => row.event);

  it('records every board and task as governance asked, once per request', async () => {
    const org = makeOrg();
    const lead = randomUUID();
    const worker = randomUUID();
    const board = await createBoard(subgraph.instance, org.owner);
    const elsewhere = makeOrg();
    const otherBoard = await createBoard(subgraph.instance, elsewhere.owner);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead } });
    const assigned = await createTask(subgraph.instance, org.owner, board.id, { assigneeAgentId: worker });
    const free = await createTask(subgraph.instance, org.owner, board.id);
    const moved = await run(org.owner, MOVE_TASK, { id: free.id, status: 'IN_PROGRESS' });
    expect(moved.data?.moveTask.status).toBe('IN_PROGRESS');
    const streamed = async () =>
      (await rows(sql`select 1 from work.mc_stream_log where stream = ${`board:${board.id}`}`)).length;
    const streamedBefore = await streamed();

    const request: DomainEvent = {
      id: randomUUID(),
      topic: 'governance.projectionSnapshotRequested',
      organizationId: null,
      actor: { kind: 'system', id: 'governance' },
      occurredAt: new Date().toISOString(),
      // Scoped to this organization: test files share the database, and another file's boards must not
      // get events it does not expect.
      payload: { name: 'test', organizationId: org.id },
    };
    await subgraph.runtime.events.stream.append([request]);
    await expect
      .poll(async () => (await snapshotsOf('work.boardSnapshot', 'boardId', board.id)).length, { timeout: 15_000 })
      .toBe(1);
    const [boardSnapshot] = await snapshotsOf('work.boardSnapshot', 'boardId', board.id);
    expect(boardSnapshot).toMatchObject({
      organizationId: org.id,
      actor: { kind: 'system', id: 'work' },
      payload: { boardId: board.id, boardGroupId: null, leadAgentId: lead },
    });
    const tasks = [
      ...(await snapshotsOf('work.taskSnapshot', 'taskId', assigned.id)),
      ...(await snapshotsOf('work.taskSnapshot', 'taskId', free.id)),
    ];
    expect(tasks.map((event) => [event.organizationId, event.payload])).toEqual([
      [org.id, { boardId: board.id, taskId: assigned.id, status: 'INBOX', assigneeAgentId: worker }],
      [org.id, { boardId: board.id, taskId: free.id, status: 'IN_PROGRESS', assigneeAgentId: null }],
    ]);
    // Not board-sync changes: nothing on the board's stream.
    expect(await streamed()).toBe(streamedBefore);

    expect(await snapshotsOf('work.boardSnapshot', 'boardId', otherBoard.id)).toEqual([]);

    // The same request delivered again records nothing more.
    await subgraph.runtime.events.stream.append([request]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await snapshotsOf('work.boardSnapshot', 'boardId', board.id)).toHaveLength(1);
  });
});
