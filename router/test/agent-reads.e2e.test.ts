/**
 * Through the router with real agent tokens: an agent lists and reads its organization's boards,
 * a board's group and the organization's tags; another organization's agent gets none of it; a
 * worker sees only the dependencies it may see (no other agent's task ids).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SET_DEPENDENCIES, useSharedWorkStack } from './support/work-fixtures.ts';

const BOARDS = `{ boards(first: 100) { nodes { id group { id name } } } }`;
const BOARD = `query($id: ID!) { board(id: $id) { id group { id name } } }`;
const TAGS = `{ tags { id slug } }`;
const GRAPH = `query($id: ID!) { task(id: $id) { id blocked dependencies { id } dependents { id } blockedBy { id } } }`;

describe('what agents read, through the router', () => {
  const work = useSharedWorkStack();

  it("lists its organization's boards, a board's group and tags; another organization's agent sees none", async () => {
    const orgId = await work.organization('Agent reads');
    const admin = work.admin(orgId);
    const group = await admin(
      `mutation($input: CreateBoardGroupInput!) { createBoardGroup(input: $input) { ... on BoardGroup { id name } } }`,
      { input: { name: 'Ops' } },
    );
    const groupRow = group.data.createBoardGroup as { id: string; name: string };
    const grouped = await work.board(orgId, { groupId: groupRow.id });
    const loose = await work.board(orgId);
    const tag = await admin(
      `mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id slug } } }`,
      {
        input: { name: 'Urgent', color: '#ff0000' },
      },
    );
    const agent = await work.agent(orgId);

    const listed = await agent.call(BOARDS);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.boards.nodes).toEqual([
      { id: grouped, group: groupRow },
      { id: loose, group: null },
    ]);
    expect((await agent.call(BOARD, { id: grouped })).data.board).toEqual({ id: grouped, group: groupRow });
    expect((await agent.call(TAGS)).data.tags).toEqual([tag.data.createTag]);

    const otherOrg = await work.organization('Elsewhere');
    const stranger = await work.agent(otherOrg);
    expect((await stranger.call(BOARDS)).data.boards.nodes).toEqual([]);
    expect((await stranger.call(TAGS)).data.tags).toEqual([]);
    const refused = await stranger.call(BOARD, { id: grouped });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(refused)).not.toContain(groupRow.name);
  });

  it('shows a worker only the dependencies it may see', async () => {
    const orgId = await work.organization('Worker graph');
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    const otherAgentId = randomUUID();
    await work.lead(orgId, boardId, lead.agentId);
    const theirs = await work.task(orgId, boardId, { assigneeAgentId: otherAgentId });
    const free = await work.task(orgId, boardId);
    const mine = await work.task(orgId, boardId, { assigneeAgentId: worker.agentId });
    const set = await work.admin(orgId)(SET_DEPENDENCIES, { id: mine, deps: [theirs, free] });
    expect(set.errors).toBeUndefined();

    const seen = await worker.call(GRAPH, { id: mine });
    expect(seen.data.task).toEqual({
      id: mine,
      blocked: true,
      dependencies: [{ id: free }],
      dependents: [],
      blockedBy: [{ id: free }],
    });
    expect(JSON.stringify(seen)).not.toContain(theirs);
    const forLead = await lead.call(GRAPH, { id: mine });
    expect(forLead.data.task.dependencies).toEqual([{ id: theirs }, { id: free }]);
  });
});
