/**
 * Governance's lead/assignee projection backfilled from work's snapshots, through the router with
 * real processes on PostgreSQL + Redis. A board and a task that last changed before the projection
 * had those columns (as migration 0004 left them: the columns empty, nothing newer) refuse their
 * lead and assignee; a governance instance that starts on that database (the upgrade's rollout) asks
 * work once for snapshots, and then the lead and the assignee may request approvals.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type Proc, spawnNode } from './support/processes.ts';
import { startWorkStack, type WorkStack } from './support/work-fixtures.ts';

const CREATE = `mutation($input: CreateApprovalInput!) { createApproval(input: $input) {
  __typename ... on Approval { id requestedBy { kind id } } ... on DomainError { code ids } } }`;

const input = (boardId: string, taskIds: string[]) => ({
  boardId,
  taskIds,
  actionType: 'task.done',
  confidence: 70,
  reasoning: 'Ready for a decision',
});

describe('projection backfill through the router', () => {
  let work: WorkStack;
  let db: pg.Client;
  let upgraded: Proc | undefined;

  beforeAll(async () => {
    work = await startWorkStack();
    db = new pg.Client({ connectionString: work.env.stack.env.DATABASE_URL });
    await db.connect();
  }, 360_000);
  afterAll(async () => {
    await upgraded?.stop();
    await db?.end();
    await work?.stop();
  });

  it('a board and task known from before the projection: their lead and assignee may request after the snapshots', async () => {
    const orgId = await work.organization('Backfill');
    const boardId = await work.board(orgId);
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const assigned = await work.task(orgId, boardId, { assigneeAgentId: worker.agentId });
    const other = await work.task(orgId, boardId);
    // Governance heard of both (work's events), then the state before migration 0004: no lead, no assignee.
    await expect
      .poll(
        async () =>
          (await db.query('select 1 from governance.task_states where task_id = any($1)', [[assigned, other]]))
            .rowCount,
        { timeout: 20_000 },
      )
      .toBe(2);
    await db.query('update governance.board_states set lead_agent_id = null, lead_set_at = null where board_id = $1', [
      boardId,
    ]);
    await db.query(
      'update governance.task_states set assignee_agent_id = null, assigned_at = null where task_id = any($1)',
      [[assigned, other]],
    );
    await db.query(`delete from governance.projection_backfills where name = 'leads-and-assignees'`);
    const refused = await worker.call(CREATE, { input: input(boardId, [assigned]) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', ids: [assigned] });
    expect((await lead.call(CREATE, { input: input(boardId, [other]) })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );

    // The upgrade rolls out: a governance instance starts on this database and asks work once.
    const port = await freePort();
    const started = spawnNode(
      'subgraphs/governance/src/server.ts',
      { ...work.env.stack.env, LOG_LEVEL: 'info', PORT: String(port) },
      /subgraph listening/,
      120_000,
    );
    upgraded = started.proc;
    await started.ready;
    const asked = await db.query(
      `select requested_at from governance.projection_backfills where name = 'leads-and-assignees'`,
    );
    expect(asked.rowCount).toBe(1);

    await expect
      .poll(async () => (await worker.call(CREATE, { input: input(boardId, [assigned]) })).data?.createApproval, {
        timeout: 30_000,
        interval: 500,
      })
      .toMatchObject({ __typename: 'Approval', requestedBy: { kind: 'AGENT', id: worker.agentId } });
    const byLead = await lead.call(CREATE, { input: input(boardId, [other]) });
    expect(byLead.data?.createApproval).toMatchObject({
      __typename: 'Approval',
      requestedBy: { kind: 'AGENT', id: lead.agentId },
    });
    // Snapshots are not changes: the board's timeline has no entry for them.
    const timeline = await work.admin(orgId)(
      `query($filter: ActivityFilter) { activity(filter: $filter, first: 100) { edges { node { type } } } }`,
      { filter: { boardId } },
    );
    const types: string[] = timeline.data.activity.edges.map((edge: any) => edge.node.type);
    expect(types.filter((type) => type.endsWith('Snapshot'))).toEqual([]);
  }, 240_000);
});
