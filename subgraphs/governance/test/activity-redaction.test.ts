/**
 * Custom-field values in the timeline: ADMIN_ONLY values (`adminOnlyCustomFields` in work's
 * before/after) reach admins and owners only, in the `activity` query and the live `activityEvents`
 * stream; members see the rest of the entry. HIDDEN values never
 * reach governance (work records only their keys).
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, subscribeAs, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { makeOrg, workEvent } from './fixtures.ts';

const ACTIVITY = `query($filter: ActivityFilter) { activity(filter: $filter, first: 50) { nodes { type before after } } }`;

describe.each(DATABASE_KINDS)('timeline redaction on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind);
  });
  afterAll(() => subgraph?.close());

  const entryCount = async (organizationId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from governance.activity where organization_id = ${organizationId}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  async function deliver(organizationId: string, events: DomainEvent[], expected: number) {
    await subgraph.runtime.events.stream.append(events);
    await expect.poll(() => entryCount(organizationId), { timeout: 5_000 }).toBe(expected);
  }

  it('shows ADMIN_ONLY custom-field values to admins and owners only', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const taskId = randomUUID();
    const side = (n: number) => ({
      customFields: { points: n },
      adminOnlyCustomFields: { salary: `${n}000` },
      hiddenCustomFields: ['ssn'],
    });
    await deliver(org.id, [workEvent('taskUpdated', org.id, { boardId, taskId, before: side(1), after: side(2) })], 1);
    const read = async (caller: Parameters<typeof executeAs>[1]) => {
      const result = await executeAs(subgraph.instance, caller, ACTIVITY, { filter: { taskId } });
      expect(result.errors).toBeUndefined();
      return result.data?.activity.nodes;
    };
    for (const admin of [org.owner, org.as('ADMIN', { allBoardsRead: true })]) {
      expect(await read(admin)).toEqual([{ type: 'work.taskUpdated', before: side(1), after: side(2) }]);
    }
    const member = org.as('MEMBER', { boards: { [boardId]: 'read' } });
    const entries = await read(member);
    expect(entries).toEqual([
      {
        type: 'work.taskUpdated',
        before: { customFields: { points: 1 }, hiddenCustomFields: ['ssn'] },
        after: { customFields: { points: 2 }, hiddenCustomFields: ['ssn'] },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain('000');
  });

  it('keeps ADMIN_ONLY values out of the live stream for members', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const side = { customFields: { points: 3 }, adminOnlyCustomFields: { salary: '3000' } };
    const EVENTS = `subscription { activityEvents { type after } }`;
    const member = await subscribeAs(subgraph.instance, org.as('MEMBER', { allBoardsRead: true }), EVENTS);
    const owner = await subscribeAs(subgraph.instance, org.owner, EVENTS);
    try {
      await deliver(
        org.id,
        [workEvent('taskUpdated', org.id, { boardId, taskId: randomUUID(), before: null, after: side })],
        1,
      );
      const forMember = await member.next(10_000);
      const forOwner = await owner.next(10_000);
      expect(forMember).toMatchObject({
        data: { activityEvents: { type: 'work.taskUpdated', after: { customFields: { points: 3 } } } },
      });
      expect(JSON.stringify(forMember)).not.toContain('3000');
      expect(forOwner).toMatchObject({ data: { activityEvents: { after: side } } });
    } finally {
      await member.close();
      await owner.close();
    }
  });
});
