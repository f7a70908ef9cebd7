/**
 * Tag, custom-field and webhook definition events on the timeline: verb, target (`TAG`,
 * `CUSTOM_FIELD`, `WEBHOOK` with the id), before/after; organization-level entries for every member, a binding under its board
 * (shown to the board's readers only).
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { makeOrg, workEvent } from './fixtures.ts';

const ACTIVITY = `query($filter: ActivityFilter) { activity(filter: $filter, first: 50) {
  nodes { type actor { kind id } targetType targetId board { id } before after } } }`;

describe.each(DATABASE_KINDS)('definition entries on %s', (kind) => {
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

  it('maps tag and custom-field events to TAG and CUSTOM_FIELD entries', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const tagId = randomUUID();
    const fieldId = randomUUID();
    const actor = { kind: 'user', id: org.ownerId };
    const t0 = Date.now() - 10_000;
    const at = (n: number) => ({ actor, at: new Date(t0 + n * 1000) });
    await deliver(
      org.id,
      [
        workEvent('tagCreated', org.id, { tagId, after: { name: 'Urgent', slug: 'urgent', color: '#ff0000' } }, at(0)),
        workEvent('tagUpdated', org.id, { tagId, before: { color: '#ff0000' }, after: { color: '#00ff00' } }, at(1)),
        workEvent('tagDeleted', org.id, { tagId, before: { name: 'Urgent' } }, at(2)),
        workEvent('customFieldCreated', org.id, { customFieldId: fieldId, after: { key: 'points' } }, at(3)),
        workEvent(
          'customFieldUpdated',
          org.id,
          { customFieldId: fieldId, before: { key: 'points', label: 'P' }, after: { key: 'points', label: 'Points' } },
          at(4),
        ),
        workEvent('customFieldBound', org.id, { boardId, customFieldId: fieldId, after: { key: 'points' } }, at(5)),
        workEvent('customFieldUnbound', org.id, { boardId, customFieldId: fieldId, before: { key: 'points' } }, at(6)),
        workEvent('customFieldDeleted', org.id, { customFieldId: fieldId, before: { key: 'points' } }, at(7)),
      ],
      8,
    );
    const result = await executeAs(subgraph.instance, org.owner, ACTIVITY, {});
    expect(result.errors).toBeUndefined();
    const entry = (type: string, targetType: string, targetId: string, extra: Record<string, unknown>) => ({
      type: `work.${type}`,
      actor: { kind: 'USER', id: org.ownerId },
      targetType,
      targetId,
      board: null,
      before: null,
      after: null,
      ...extra,
    });
    expect(result.data?.activity.nodes).toEqual([
      entry('customFieldDeleted', 'CUSTOM_FIELD', fieldId, { before: { key: 'points' } }),
      entry('customFieldUnbound', 'CUSTOM_FIELD', fieldId, { board: { id: boardId }, before: { key: 'points' } }),
      entry('customFieldBound', 'CUSTOM_FIELD', fieldId, { board: { id: boardId }, after: { key: 'points' } }),
      entry('customFieldUpdated', 'CUSTOM_FIELD', fieldId, {
        before: { key: 'points', label: 'P' },
        after: { key: 'points', label: 'Points' },
      }),
      entry('customFieldCreated', 'CUSTOM_FIELD', fieldId, { after: { key: 'points' } }),
      entry('tagDeleted', 'TAG', tagId, { before: { name: 'Urgent' } }),
      entry('tagUpdated', 'TAG', tagId, { before: { color: '#ff0000' }, after: { color: '#00ff00' } }),
      entry('tagCreated', 'TAG', tagId, { after: { name: 'Urgent', slug: 'urgent', color: '#ff0000' } }),
    ]);

    // Organization-level entries reach every member; a binding only the board's readers.
    const member = org.as('MEMBER');
    const seen = await executeAs(subgraph.instance, member, ACTIVITY, {});
    expect(seen.data?.activity.nodes.map((node: { type: string }) => node.type)).toEqual([
      'work.customFieldDeleted',
      'work.customFieldUpdated',
      'work.customFieldCreated',
      'work.tagDeleted',
      'work.tagUpdated',
      'work.tagCreated',
    ]);
    const filtered = await executeAs(subgraph.instance, org.owner, ACTIVITY, {
      filter: { types: ['work.tagCreated', 'work.customFieldBound'] },
    });
    expect(filtered.data?.activity.nodes.map((node: { type: string }) => node.type)).toEqual([
      'work.customFieldBound',
      'work.tagCreated',
    ]);
    // Another organization sees none of it.
    const other = makeOrg();
    expect((await executeAs(subgraph.instance, other.owner, ACTIVITY, {})).data?.activity.nodes).toEqual([]);
  });

  it('maps webhook events to WEBHOOK entries under their board', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const webhookId = randomUUID();
    await deliver(
      org.id,
      [
        // Distinct times: entries of the same millisecond would be ordered by their random ids.
        workEvent(
          'webhookCreated',
          org.id,
          { boardId, webhookId, after: { name: 'CI' } },
          { at: new Date(Date.now() - 1000) },
        ),
        workEvent('webhookUpdated', org.id, {
          boardId,
          webhookId,
          before: { enabled: true },
          after: { enabled: false, secretRotated: true },
        }),
      ],
      2,
    );
    const result = await executeAs(subgraph.instance, org.owner, ACTIVITY, { filter: { boardId } });
    expect(result.data?.activity.nodes).toEqual([
      expect.objectContaining({
        type: 'work.webhookUpdated',
        targetType: 'WEBHOOK',
        targetId: webhookId,
        board: { id: boardId },
        after: { enabled: false, secretRotated: true },
      }),
      expect.objectContaining({ type: 'work.webhookCreated', targetType: 'WEBHOOK', targetId: webhookId }),
    ]);
  });
});
