/**
 * @mentions on a real database: work's agent directory from fleet's events (created, renamed, deleted,
 * a late older event ignored, a malformed one skipped), comments (and a move's comment) keeping what
 * each token meant, and one `work.agentMentioned` per mentioned agent, never for the author.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import type { FleetAgentChange } from '@mc/kit/topics/fleet';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { createBoard, createTask, MOVE_TASK, makeOrg, UPDATE_BOARD } from './fixtures.ts';

const COMMENT = `mutation($task: ID!, $body: String!) { addTaskComment(taskId: $task, body: $body) {
  __typename ... on TaskComment { id mentions resolvedMentions { token status agentId candidateAgentIds } }
  ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('mentions on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await subgraph.runtime.database.db.execute(query)) as unknown as { rows: T[] }).rows;

  /** Appends fleet's agent events to the stream and waits until work's consumer took the last one. */
  async function fleet(...events: DomainEvent<FleetAgentChange>[]) {
    await subgraph.runtime.events.stream.append(events);
    const last = events[events.length - 1].id;
    await expect
      .poll(async () => (await rows(sql`select 1 from work.mc_inbox where event_id = ${last}`)).length, {
        timeout: 10_000,
      })
      .toBe(1);
  }
  const agentEvent = (
    name: 'agentCreated' | 'agentUpdated' | 'agentDeleted',
    orgId: string,
    agent: { agentId: string; name: string; boardId?: string | null },
    at = new Date(),
  ): DomainEvent<FleetAgentChange> => ({
    id: randomUUID(),
    topic: `fleet.${name}`,
    organizationId: orgId,
    actor: { kind: 'user', id: randomUUID() },
    occurredAt: at.toISOString(),
    payload: { organizationId: orgId, boardId: null, status: 'ONLINE', ...agent },
  });
  const mentionedEvents = async (taskId: string) =>
    (
      await rows<{ event: unknown }>(
        sql`select event from work.mc_outbox where event->>'topic' = 'work.agentMentioned' and event->'payload'->>'taskId' = ${taskId} order by seq`,
      )
    ).map((row) => {
      const event = (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<any>;
      return event.payload;
    });

  it('resolves tokens against the board’s lead and fleet’s agents, and announces each mentioned agent once', async () => {
    const org = makeOrg();
    const [ada, grace, graceKelly, lead] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const board = await createBoard(subgraph.instance, org.owner);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead } });
    await fleet(
      agentEvent('agentCreated', org.id, { agentId: ada, name: 'Ada Lovelace' }),
      agentEvent('agentCreated', org.id, { agentId: grace, name: 'Grace Hopper' }),
      agentEvent('agentCreated', org.id, { agentId: graceKelly, name: 'Grace Kelly' }),
      agentEvent('agentCreated', org.id, { agentId: lead, name: 'Lena Lead' }),
      // Another organization's Ada is never a candidate.
      agentEvent('agentCreated', makeOrg().id, { agentId: randomUUID(), name: 'Ada Lovelace' }),
    );
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const body = '@Ada, @"grace  HOPPER" and @lead; @Grace? @nobody; again @ada';
    const author = { ...org.owner, email: 'owner@example.test', name: 'Olive Owner' } as typeof org.owner;
    const result = await run(author, COMMENT, { task: task.id, body });
    expect(result.data?.addTaskComment.mentions).toEqual(['Ada', 'grace HOPPER', 'lead', 'Grace', 'nobody']);
    expect(result.data?.addTaskComment.resolvedMentions).toEqual([
      { token: 'Ada', status: 'RESOLVED', agentId: ada, candidateAgentIds: [] },
      { token: 'grace HOPPER', status: 'RESOLVED', agentId: grace, candidateAgentIds: [] },
      { token: 'lead', status: 'RESOLVED', agentId: lead, candidateAgentIds: [] },
      { token: 'Grace', status: 'AMBIGUOUS', agentId: null, candidateAgentIds: [grace, graceKelly].sort() },
      { token: 'nobody', status: 'UNRESOLVED', agentId: null, candidateAgentIds: [] },
    ]);
    const commentId = result.data?.addTaskComment.id;
    // What fleet tells each agent: the task, its board and who wrote (a person: their display name).
    const told = { taskTitle: task.title, boardName: board.name, authorName: 'Olive Owner' };
    const base = { boardId: board.id, taskId: task.id, commentId, excerpt: body, ...told };
    expect(await mentionedEvents(task.id)).toEqual([
      { ...base, agentId: ada, token: 'Ada' },
      { ...base, agentId: grace, token: 'grace HOPPER' },
      { ...base, agentId: lead, token: 'lead' },
    ]);

    // The lead mentioning itself in a move's comment: resolved, but no event for its own mention.
    const leadAgent = { kind: 'agent' as const, agentId: lead, orgId: org.id, credentialId: randomUUID() };
    const moved = await run(leadAgent, MOVE_TASK, { id: task.id, status: 'IN_PROGRESS', comment: '@lead on it, @Ada' });
    expect(moved.data?.moveTask.status, JSON.stringify(moved)).toBe('IN_PROGRESS');
    const comments = await run(
      org.owner,
      'query($id: ID!) { task(id: $id) { comments { nodes { resolvedMentions { token agentId } } } } }',
      { id: task.id },
    );
    expect(comments.data?.task.comments.nodes[1].resolvedMentions).toEqual([
      { token: 'lead', agentId: lead },
      { token: 'Ada', agentId: ada },
    ]);
    expect((await mentionedEvents(task.id)).slice(3)).toEqual([
      expect.objectContaining({ agentId: ada, token: 'Ada', authorName: 'Lena Lead', taskTitle: task.title }),
    ]);
  });

  it('follows renames and deletions, ignores a late older event and skips a malformed one', async () => {
    const org = makeOrg();
    const agentId = randomUUID();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const mention = async (body: string) =>
      (await run(org.owner, COMMENT, { task: task.id, body })).data?.addTaskComment.resolvedMentions.map(
        (m: { status: string; agentId: string | null }) => [m.status, m.agentId],
      );
    const t0 = Date.now();
    await fleet(
      agentEvent('agentCreated', org.id, { agentId, name: 'Alan Turing' }, new Date(t0)),
      agentEvent('agentUpdated', org.id, { agentId, name: 'Alan  Sykes' }, new Date(t0 + 2000)),
      // Delivered late: older than the rename, changes nothing.
      agentEvent('agentUpdated', org.id, { agentId, name: 'Alan Turing' }, new Date(t0 + 1000)),
      { ...agentEvent('agentUpdated', org.id, { agentId: 'not-a-uuid', name: 'X' }) },
    );
    expect(await mention('@"alan  SYKES"')).toEqual([['RESOLVED', agentId]]);
    expect(await mention('@"Alan Turing"')).toEqual([['UNRESOLVED', null]]);
    await fleet(agentEvent('agentDeleted', org.id, { agentId, name: 'Alan Sykes' }, new Date(t0 + 3000)));
    expect(await mention('@Alan')).toEqual([['UNRESOLVED', null]]);
    // A deleted agent stays deleted, whatever comes late.
    await fleet(agentEvent('agentUpdated', org.id, { agentId, name: 'Alan Sykes' }, new Date(t0 + 4000)));
    expect(await mention('@Alan')).toEqual([['UNRESOLVED', null]]);
  });
});
