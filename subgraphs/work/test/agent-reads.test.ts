/**
 * What agents read besides tasks: the boards of their organization (`boards`, `board`), its tags,
 * a board's group — and nothing of another organization. Through dependencies a worker sees only
 * the tasks it may see (its own and unassigned ones): other agents' task ids never leak (nor through
 * the ids of a TASK_BLOCKED refusal).
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createGroup, createTask, makeOrg, SET_DEPENDENCIES, UPDATE_BOARD } from './fixtures.ts';

const BOARDS = `query($group: ID) { boards(groupId: $group, first: 100) { nodes { id name group { id name } } } }`;
const BOARD = `query($id: ID!) { board(id: $id) { id group { id name slug } } }`;
const GROUP = `query($id: ID!) { boardGroup(id: $id) { id name } }`;
const TAGS = `query { tags { id slug } }`;
const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id slug } } }`;
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  ... on CustomField { id key } } }`;
const BIND_FIELD = `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }`;
const SET_VALUES = `mutation($task: ID!, $values: [CustomFieldValueInput!]!) {
  setTaskCustomFieldValues(taskId: $task, values: $values) { ... on DomainError { code ids } } }`;
const GRAPH = `query($id: ID!) { task(id: $id) { id blocked dependencies { id } dependents { id } blockedBy { id } } }`;

const agentOf = (orgId: string): Extract<Identity, { kind: 'agent' }> => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

describe.each(DATABASE_KINDS)('agent reads on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  it("lists and reads its organization's boards, tags and a board's group; another organization's agent gets nothing", async () => {
    const org = makeOrg();
    const group = await createGroup(subgraph.instance, org.owner);
    const grouped = await createBoard(subgraph.instance, org.owner, { groupId: group.id });
    const loose = await createBoard(subgraph.instance, org.owner);
    const lead = agentOf(org.id);
    await run(org.owner, UPDATE_BOARD, { id: grouped.id, input: { leadAgentId: lead.agentId } });
    const tag = (await run(org.owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#112233' } })).data
      ?.createTag;
    const worker = agentOf(org.id);

    const other = makeOrg();
    const otherBoard = await createBoard(subgraph.instance, other.owner);
    await run(other.owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#445566' } });
    const stranger = agentOf(other.id);

    for (const agent of [lead, worker]) {
      const listed = await run(agent, BOARDS, {});
      expect(listed.errors).toBeUndefined();
      expect(listed.data?.boards.nodes).toEqual([
        { id: grouped.id, name: grouped.name, group: { id: group.id, name: group.name } },
        { id: loose.id, name: loose.name, group: null },
      ]);
      const inGroup = await run(agent, BOARDS, { group: group.id });
      expect(inGroup.data?.boards.nodes.map((board: { id: string }) => board.id)).toEqual([grouped.id]);

      const read = await run(agent, BOARD, { id: grouped.id });
      expect(read.errors).toBeUndefined();
      expect(read.data?.board.group).toEqual({ id: group.id, name: group.name, slug: group.slug });
      expect((await run(agent, GROUP, { id: group.id })).data?.boardGroup).toEqual({ id: group.id, name: group.name });

      const tags = await run(agent, TAGS);
      expect(tags.errors).toBeUndefined();
      expect(tags.data?.tags).toEqual([{ id: tag.id, slug: tag.slug }]);
    }

    // Another organization's agent: its own (empty-handed) organization, never these ids.
    const strangerBoards = await run(stranger, BOARDS, {});
    expect(strangerBoards.data?.boards.nodes.map((board: { id: string }) => board.id)).toEqual([otherBoard.id]);
    expect(codes(await run(stranger, BOARD, { id: grouped.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await run(stranger, GROUP, { id: group.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await run(stranger, BOARDS, { group: group.id }))).toEqual(['NOT_FOUND']);
    const strangerTags = (await run(stranger, TAGS)).data?.tags as { id: string }[];
    expect(strangerTags).toHaveLength(1);
    expect(strangerTags.map((row) => row.id)).not.toContain(tag.id);
    const orphan = agentOf(randomUUID());
    expect((await run(orphan, BOARDS, {})).data?.boards.nodes).toEqual([]);
    expect((await run(orphan, TAGS)).data?.tags).toEqual([]);
  });

  it('shows a worker only the dependencies and dependents it may see; the lead and people see all', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const other = agentOf(org.id);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead.agentId } });
    const task = (input: Record<string, unknown> = {}) => createTask(subgraph.instance, org.owner, board.id, input);
    const theirs = await task({ assigneeAgentId: other.agentId });
    const free = await task();
    const mine = await task({ assigneeAgentId: worker.agentId });
    const theirsLater = await task({ assigneeAgentId: other.agentId });
    // mine waits for theirs and free; theirsLater waits for mine.
    const set = await run(org.owner, SET_DEPENDENCIES, { id: mine.id, deps: [theirs.id, free.id] });
    expect(set.data?.setTaskDependencies.__typename).toBe('Task');
    await run(org.owner, SET_DEPENDENCIES, { id: theirsLater.id, deps: [mine.id] });

    const graph = async (caller: Identity) => {
      const result = await run(caller, GRAPH, { id: mine.id });
      expect(result.errors).toBeUndefined();
      const ids = (list: { id: string }[]) => list.map((row) => row.id);
      const node = result.data?.task;
      return {
        blocked: node.blocked,
        dependencies: ids(node.dependencies),
        dependents: ids(node.dependents),
        blockedBy: ids(node.blockedBy),
      };
    };
    expect(await graph(worker)).toEqual({
      blocked: true,
      dependencies: [free.id],
      dependents: [],
      blockedBy: [free.id],
    });
    const everything = {
      blocked: true,
      dependencies: [theirs.id, free.id],
      dependents: [theirsLater.id],
      blockedBy: [theirs.id, free.id],
    };
    expect(await graph(lead)).toEqual(everything);
    expect(await graph(org.owner)).toEqual(everything);
    const seen = JSON.stringify((await run(worker, GRAPH, { id: mine.id })).data);
    expect(seen).not.toContain(theirs.id);
    expect(seen).not.toContain(theirsLater.id);

    // Nor through TASK_BLOCKED: a worker setting a custom field of its blocked task hears of `free` only.
    const field = await run(org.owner, CREATE_FIELD, {
      input: {
        key: unique('f')
          .toLowerCase()
          .replace(/[^a-z0-9_-]/g, '-'),
        label: 'Notes',
        type: 'TEXT',
      },
    });
    const { id: fieldId, key } = (field.data?.createCustomField ?? {}) as { id: string; key: string };
    await run(org.owner, BIND_FIELD, { f: fieldId, b: board.id });
    const values = [{ key, value: 'x' }];
    const refused = await run(worker, SET_VALUES, { task: mine.id, values });
    expect(refused.data?.setTaskCustomFieldValues).toEqual({ code: 'TASK_BLOCKED', ids: [free.id] });
    const forLead = await run(lead, SET_VALUES, { task: mine.id, values });
    expect(forLead.data?.setTaskCustomFieldValues).toEqual({ code: 'TASK_BLOCKED', ids: [theirs.id, free.id] });
  });
});
