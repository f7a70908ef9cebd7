/**
 * A mention fleet could not deliver (`fleet.mentionUndelivered`) goes on the timeline under its board
 * and task, a webhook payload it could not hand to the agent (`fleet.webhookUndelivered`) under its
 * board: actor the system `fleet`, target the agent, why in `after`; once per event, and only for the
 * organization it belongs to.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import type { MentionUndelivered, WebhookUndelivered } from '@mc/kit/topics/fleet';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { knownBoard, makeOrg } from './fixtures.ts';

const TIMELINE = `query($filter: ActivityFilter) { activity(filter: $filter) { edges { node {
  type actor { kind id } targetType targetId board { id } task { id } before after } } } }`;

describe.each(DATABASE_KINDS)('undelivered mentions on the timeline on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind);
  });
  afterAll(() => subgraph?.close());

  async function deliver(event: DomainEvent) {
    await subgraph.runtime.events.stream.append([event]);
    await expect
      .poll(
        async () =>
          (
            (await subgraph.runtime.database.db.execute(
              sql`select 1 from governance.mc_inbox where event_id = ${event.id}`,
            )) as unknown as { rows: unknown[] }
          ).rows.length,
        { timeout: 10_000 },
      )
      .toBe(1);
  }

  it('records the undelivered mention under its board and task, once', async () => {
    const org = makeOrg();
    const boardId = await knownBoard(subgraph.runtime, org.id);
    const payload: MentionUndelivered = {
      mentionEventId: randomUUID(),
      agentId: randomUUID(),
      boardId,
      taskId: randomUUID(),
      commentId: randomUUID(),
      code: 'GATEWAY_OFFLINE',
      reason: 'connect ECONNREFUSED',
    };
    const event: DomainEvent<MentionUndelivered> = {
      id: randomUUID(),
      topic: 'fleet.mentionUndelivered',
      organizationId: org.id,
      actor: { kind: 'system', id: 'fleet' },
      occurredAt: new Date().toISOString(),
      payload,
    };
    await deliver(event);
    await deliver(event);
    const timeline = await executeAs(subgraph.instance, org.owner, TIMELINE, {
      filter: { boardId, types: ['fleet.mentionUndelivered'] },
    });
    expect(timeline.errors).toBeUndefined();
    expect(timeline.data?.activity.edges.map((edge: any) => edge.node)).toEqual([
      {
        type: 'fleet.mentionUndelivered',
        actor: { kind: 'SYSTEM', id: 'fleet' },
        targetType: 'AGENT',
        targetId: payload.agentId,
        board: { id: boardId },
        task: { id: payload.taskId },
        before: null,
        after: {
          commentId: payload.commentId,
          mentionEventId: payload.mentionEventId,
          code: 'GATEWAY_OFFLINE',
          reason: 'connect ECONNREFUSED',
        },
      },
    ]);
    // Another organization sees nothing of it.
    const other = makeOrg();
    const foreign = await executeAs(subgraph.instance, other.owner, TIMELINE, {
      filter: { types: ['fleet.mentionUndelivered'] },
    });
    expect(JSON.stringify(foreign.data ?? null)).not.toContain(payload.agentId);
  });
  it('records the undelivered webhook payload under its board, once', async () => {
    const org = makeOrg();
    const boardId = await knownBoard(subgraph.runtime, org.id);
    const payload: WebhookUndelivered = {
      webhookEventId: randomUUID(),
      agentId: randomUUID(),
      boardId,
      webhookId: randomUUID(),
      deliveryId: randomUUID(),
      code: 'AGENT_UNAVAILABLE',
      reason: 'the agent no longer exists',
    };
    const event: DomainEvent<WebhookUndelivered> = {
      id: randomUUID(),
      topic: 'fleet.webhookUndelivered',
      organizationId: org.id,
      actor: { kind: 'system', id: 'fleet' },
      occurredAt: new Date().toISOString(),
      payload,
    };
    await deliver(event);
    await deliver(event);
    const timeline = await executeAs(subgraph.instance, org.owner, TIMELINE, {
      filter: { boardId, types: ['fleet.webhookUndelivered'] },
    });
    expect(timeline.errors).toBeUndefined();
    expect(timeline.data?.activity.edges.map((edge: any) => edge.node)).toEqual([
      {
        type: 'fleet.webhookUndelivered',
        actor: { kind: 'SYSTEM', id: 'fleet' },
        targetType: 'AGENT',
        targetId: payload.agentId,
        board: { id: boardId },
        task: null,
        before: null,
        after: {
          webhookId: payload.webhookId,
          deliveryId: payload.deliveryId,
          webhookEventId: payload.webhookEventId,
          code: 'AGENT_UNAVAILABLE',
          reason: 'the agent no longer exists',
        },
      },
    ]);
    const other = makeOrg();
    const foreign = await executeAs(subgraph.instance, other.owner, TIMELINE, {
      filter: { types: ['fleet.webhookUndelivered'] },
    });
    expect(JSON.stringify(foreign.data ?? null)).not.toContain(payload.agentId);
  });
});
