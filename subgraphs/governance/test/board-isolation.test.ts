/**
 * Governance knows boards only from work's events: a board id it never heard of, another
 * organization's board and a deleted board are NOT_FOUND for every root field taking a board id
 * (createApproval, approvals, activity, boardMetrics) — nothing is created or leaked. A board whose
 * `boardCreated` arrives while createApproval waits is accepted.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { approvalInput, CREATE_APPROVAL, codes, makeOrg, workEvent } from './fixtures.ts';

const WAIT_MS = 1500;
const READS: [string, string, (boardId: string) => Record<string, unknown>][] = [
  ['approvals', 'query($b: ID!) { approvals(filter: { boardId: $b }) { nodes { id } } }', (b) => ({ b })],
  ['activity', 'query($b: ID!) { activity(filter: { boardId: $b }) { nodes { id } } }', (b) => ({ b })],
  [
    'boardMetrics',
    'query($b: ID!) { boardMetrics(boardId: $b, window: DAY) { current { throughput } } }',
    (b) => ({ b }),
  ],
];

describe.each(DATABASE_KINDS)('board ids governance never heard of on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind, {
      envSource: { BOARD_PROJECTION_WAIT_MS: String(WAIT_MS) },
    });
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  const approvalCount = async (organizationId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from governance.approvals where organization_id = ${organizationId}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  async function deliver(events: DomainEvent[]) {
    await subgraph.runtime.events.stream.append(events);
  }

  const boardKnown = async (boardId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from governance.board_states where board_id = ${boardId}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  it('refuses unknown, foreign and deleted boards with NOT_FOUND on every root field', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const [theirs, deleted] = [randomUUID(), randomUUID()];
    await deliver([
      workEvent('boardCreated', other.id, { boardId: theirs, after: { name: 'Theirs' } }),
      workEvent('boardCreated', org.id, { boardId: deleted, after: { name: 'Gone' } }),
      workEvent('boardDeleted', org.id, { boardId: deleted, before: { name: 'Gone' } }),
    ]);
    await expect.poll(async () => (await boardKnown(theirs)) + (await boardKnown(deleted))).toBe(2);

    const unknown = randomUUID();
    for (const boardId of [unknown, theirs, deleted]) {
      const started = Date.now();
      const created = await run(org.owner, CREATE_APPROVAL, { input: approvalInput(boardId, [randomUUID()]) });
      expect(created.data?.createApproval).toMatchObject({ code: 'NOT_FOUND', ids: [boardId] });
      // Only a board never heard of is waited for.
      if (boardId !== unknown) expect(Date.now() - started).toBeLessThan(WAIT_MS);
      for (const [field, query, variables] of READS) {
        expect(codes(await run(org.owner, query, variables(boardId))), field).toEqual(['NOT_FOUND']);
      }
    }
    expect(await approvalCount(org.id)).toBe(0);
    // Their own board works for them, and shows none of this.
    const mine = await run(other.owner, CREATE_APPROVAL, { input: approvalInput(theirs, [randomUUID()]) });
    expect(mine.data?.createApproval.__typename).toBe('Approval');
  });

  it('accepts a board whose boardCreated arrives while createApproval waits', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const pending = run(org.owner, CREATE_APPROVAL, { input: approvalInput(boardId, [randomUUID()]) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await deliver([workEvent('boardCreated', org.id, { boardId, after: { name: 'Late' } })]);
    const created = await pending;
    expect(created.errors).toBeUndefined();
    expect(created.data?.createApproval).toMatchObject({ __typename: 'Approval', board: { id: boardId } });
  });
});
