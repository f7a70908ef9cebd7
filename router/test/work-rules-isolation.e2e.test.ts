/**
 * Tenant isolation of every root field of work and governance, through the router: organization A
 * owns a group, board, tasks, tag, custom field, webhook, memory and a pending approval; the owner
 * of organization B (the same person acting in B) and an agent of B try every root field with A's
 * ids. Each attempt is refused (NOT_FOUND, or FORBIDDEN where the identity may not call it at all)
 * or answers only B's own data, no answer contains anything of A that the caller did not send, and
 * A's records are unchanged afterwards. The root fields are read from the committed subgraph SDL:
 * a new work or governance root field without a case here fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/processes.ts';
import {
  type Agent,
  type Call,
  CREATE_APPROVAL,
  CREATE_TAG,
  EVENTUALLY,
  startWorkStack,
  type WorkStack,
} from './support/work-fixtures.ts';

/** Every root field (Query, Mutation, Subscription) a subgraph's committed SDL declares. */
function rootFields(subgraph: string): string[] {
  const document = parse(readFileSync(join(ROOT, 'schema/subgraphs', `${subgraph}.graphql`), 'utf8'));
  const fields: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (!['Query', 'Mutation', 'Subscription'].includes(definition.name.value)) continue;
    for (const field of definition.fields ?? []) fields.push(`${definition.name.value}.${field.name.value}`);
  }
  return fields;
}

/** What B may get for a case: a refusal with this code, only its own (empty) data, or its own new record. */
type Outcome = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'EMPTY' | 'OWN' | 'UNREACHABLE';

/** Codes that refuse without telling anything about A (an agent may be refused for its role first). */
const REFUSALS = new Set(['NOT_FOUND', 'FORBIDDEN', 'FIELD_FORBIDDEN', 'BAD_USER_INPUT']);

interface Ids {
  org: string;
  group: string;
  board: string;
  task: string;
  other: string;
  tag: string;
  field: string;
  webhook: string;
  approval: string;
  /** B's own board, task and custom field, for mixed cases. */
  bBoard: string;
  bTask: string;
  bField: string;
}

interface Case {
  /** `Query.<name>`, `Mutation.<name>` or `Subscription.<name>` (sent over graphql-ws). */
  field: string;
  query: string;
  variables: (ids: Ids) => Record<string, unknown>;
  /** The outcome for B's owner; B's agent must be refused or get nothing of A's either way. */
  owner: Outcome;
}

const ERR = '... on DomainError { code ids field }';
const MARK = 'ALPHA-SECRET';

const CASES: Case[] = [
  // work: queries
  {
    field: 'Query.boardGroup',
    query: 'query($id: ID!) { boardGroup(id: $id) { id name } }',
    variables: (ids) => ({ id: ids.group }),
    owner: 'NOT_FOUND',
  },
  { field: 'Query.boardGroups', query: '{ boardGroups { id name } }', variables: () => ({}), owner: 'EMPTY' },
  {
    field: 'Query.board',
    query: 'query($id: ID!) { board(id: $id) { id name } }',
    variables: (ids) => ({ id: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Query.boards',
    query: 'query($g: ID) { boards(groupId: $g) { nodes { id name } } }',
    variables: (ids) => ({ g: ids.group }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Query.boards',
    query: '{ boards { nodes { id name description } } }',
    variables: () => ({}),
    owner: 'OWN',
  },
  {
    field: 'Query.task',
    query: 'query($id: ID!) { task(id: $id) { id title } }',
    variables: (ids) => ({ id: ids.task }),
    owner: 'NOT_FOUND',
  },
  { field: 'Query.tags', query: '{ tags { id name slug } }', variables: () => ({}), owner: 'EMPTY' },
  { field: 'Query.customFields', query: '{ customFields { id key label } }', variables: () => ({}), owner: 'OWN' },
  // work: mutations
  {
    field: 'Mutation.createBoardGroup',
    query: `mutation { createBoardGroup(input: { name: "B group" }) { __typename ... on BoardGroup { organization { id } } ${ERR} } }`,
    variables: () => ({}),
    owner: 'OWN',
  },
  {
    field: 'Mutation.updateBoardGroup',
    query: `mutation($id: ID!) { updateBoardGroup(id: $id, input: { name: "Taken" }) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.group }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.deleteBoardGroup',
    query: `mutation($id: ID!) { deleteBoardGroup(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.group }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.createBoard',
    query: `mutation($g: ID!) { createBoard(input: { name: "In A's group", description: "x", groupId: $g }) {
      __typename ... on Board { id } ${ERR} } }`,
    variables: (ids) => ({ g: ids.group }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.updateBoard',
    query: `mutation($id: ID!) { updateBoard(id: $id, input: { name: "Taken" }) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.updateBoard',
    query: `mutation($id: ID!, $g: ID!) { updateBoard(id: $id, input: { groupId: $g }) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.bBoard, g: ids.group }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.deleteBoard',
    query: `mutation($id: ID!) { deleteBoard(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.createTask',
    query: `mutation($b: ID!) { createTask(input: { boardId: $b, title: "Planted" }) { __typename ${ERR} } }`,
    variables: (ids) => ({ b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.updateTask',
    query: `mutation($id: ID!) { updateTask(id: $id, input: { title: "Taken" }) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.deleteTask',
    query: `mutation($id: ID!) { deleteTask(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.moveTask',
    query: `mutation($id: ID!) { moveTask(id: $id, status: IN_PROGRESS) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.setTaskDependencies',
    query: `mutation($id: ID!, $d: [ID!]!) { setTaskDependencies(taskId: $id, dependsOn: $d) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task, d: [] }),
    owner: 'NOT_FOUND',
  },
  {
    // B's own task depending on A's: A's task is as unknown as a missing one.
    field: 'Mutation.setTaskDependencies',
    query: `mutation($id: ID!, $d: [ID!]!) { setTaskDependencies(taskId: $id, dependsOn: $d) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.bTask, d: [ids.task] }),
    owner: 'BAD_USER_INPUT',
  },
  {
    field: 'Mutation.addTaskComment',
    query: `mutation($id: ID!) { addTaskComment(taskId: $id, body: "Planted") { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.createTag',
    query: `mutation { createTag(input: { name: "B tag", color: "#010203" }) { __typename ... on Tag { organization { id } } ${ERR} } }`,
    variables: () => ({}),
    owner: 'OWN',
  },
  {
    field: 'Mutation.updateTag',
    query: `mutation($id: ID!) { updateTag(id: $id, input: { name: "Taken" }) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.tag }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.deleteTag',
    query: `mutation($id: ID!) { deleteTag(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.tag }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.attachTaskTags',
    query: `mutation($id: ID!, $t: [ID!]!) { attachTaskTags(taskId: $id, tagIds: $t) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task, t: [ids.tag] }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.attachTaskTags',
    query: `mutation($id: ID!, $t: [ID!]!) { attachTaskTags(taskId: $id, tagIds: $t) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.bTask, t: [ids.tag] }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.detachTaskTags',
    query: `mutation($id: ID!, $t: [ID!]!) { detachTaskTags(taskId: $id, tagIds: $t) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task, t: [ids.tag] }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.createCustomField',
    query: `mutation { createCustomField(input: { key: "b-field", label: "B", type: TEXT }) {
      __typename ... on CustomField { organization { id } } ${ERR} } }`,
    variables: () => ({}),
    owner: 'OWN',
  },
  {
    field: 'Mutation.updateCustomField',
    query: `mutation($id: ID!) { updateCustomField(id: $id, input: { label: "Taken" }) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.field }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.deleteCustomField',
    query: `mutation($id: ID!) { deleteCustomField(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.field }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.bindCustomField',
    query: `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename ${ERR} } }`,
    variables: (ids) => ({ f: ids.field, b: ids.bBoard }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.bindCustomField',
    query: `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename ${ERR} } }`,
    variables: (ids) => ({ f: ids.bField, b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.unbindCustomField',
    query: `mutation($f: ID!, $b: ID!) { unbindCustomField(fieldId: $f, boardId: $b) { __typename ${ERR} } }`,
    variables: (ids) => ({ f: ids.field, b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.setTaskCustomFieldValues',
    query: `mutation($id: ID!) { setTaskCustomFieldValues(taskId: $id, values: [{ key: "alpha", value: "Taken" }]) {
      __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.addBoardMemory',
    query: `mutation($b: ID!) { addBoardMemory(boardId: $b, kind: NOTE, body: "Planted") { __typename ${ERR} } }`,
    variables: (ids) => ({ b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.addBoardGroupMemory',
    query: `mutation($g: ID!) { addBoardGroupMemory(boardGroupId: $g, kind: NOTE, body: "Planted") { __typename ${ERR} } }`,
    variables: (ids) => ({ g: ids.group }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.createBoardWebhook',
    query: `mutation($b: ID!) { createBoardWebhook(boardId: $b, input: { name: "Tap", requireSignature: false }) {
      __typename ... on BoardWebhookWithSecret { secret } ${ERR} } }`,
    variables: (ids) => ({ b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.updateBoardWebhook',
    query: `mutation($id: ID!) { updateBoardWebhook(id: $id, input: { rotateSecret: true, enabled: false }) {
      __typename ... on BoardWebhookWithSecret { secret } ${ERR} } }`,
    variables: (ids) => ({ id: ids.webhook }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.deleteBoardWebhook',
    query: `mutation($id: ID!) { deleteBoardWebhook(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.webhook }),
    owner: 'NOT_FOUND',
  },
  {
    // Internal (@inaccessible): the router's /webhooks endpoint calls it; the public API has no such field.
    field: 'Mutation._ingestWebhook',
    query: 'mutation($id: String!) { _ingestWebhook(id: $id, body: "{}") { outcome } }',
    variables: (ids) => ({ id: ids.webhook }),
    owner: 'UNREACHABLE',
  },
  // work: subscriptions
  {
    field: 'Subscription.boardEvents',
    query: 'subscription($b: ID!) { boardEvents(boardId: $b) { __typename } }',
    variables: (ids) => ({ b: ids.board }),
    owner: 'NOT_FOUND',
  },
  // governance: queries
  {
    field: 'Query.approval',
    query: 'query($id: ID!) { approval(id: $id) { id reasoning } }',
    variables: (ids) => ({ id: ids.approval }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Query.approvals',
    query: 'query($b: ID, $t: ID) { approvals(filter: { boardId: $b, taskId: $t }) { nodes { id reasoning } } }',
    variables: (ids) => ({ b: ids.board, t: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Query.approvals',
    query: '{ approvals { nodes { id reasoning } } }',
    variables: () => ({}),
    owner: 'EMPTY',
  },
  {
    field: 'Query.activity',
    query: `query($b: ID, $t: ID) { activity(filter: { boardId: $b, taskId: $t }) { nodes { id type before after } } }`,
    variables: (ids) => ({ b: ids.board, t: ids.task }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Query.activity',
    query: `query($t: ID) { activity(filter: { taskId: $t }) { nodes { id type before after } } }`,
    variables: (ids) => ({ t: ids.task }),
    owner: 'EMPTY',
  },
  {
    field: 'Query.approvals',
    query: 'query($t: ID) { approvals(filter: { taskId: $t }) { nodes { id reasoning } } }',
    variables: (ids) => ({ t: ids.task }),
    owner: 'EMPTY',
  },
  {
    field: 'Query.activity',
    query: '{ activity(first: 100) { nodes { id type targetId before after } } }',
    variables: () => ({}),
    owner: 'OWN',
  },
  {
    // B's own stream position: a number, nothing of A.
    field: 'Query.activitySequence',
    query: '{ activitySequence }',
    variables: () => ({}),
    owner: 'OWN',
  },
  {
    field: 'Query.boardMetrics',
    query: 'query($b: ID!) { boardMetrics(boardId: $b, window: DAY) { current { throughput wip } } }',
    variables: (ids) => ({ b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Query.groupMetrics',
    query: 'query($g: ID!) { groupMetrics(boardGroupId: $g, window: WEEK) { current { throughput wip } } }',
    variables: (ids) => ({ g: ids.group }),
    owner: 'NOT_FOUND',
  },
  // governance: subscriptions
  {
    field: 'Subscription.activityEvents',
    query:
      'subscription($b: ID!) { activityEvents(filter: { boardId: $b }, after: 0) { id type targetId before after } }',
    variables: (ids) => ({ b: ids.board }),
    owner: 'NOT_FOUND',
  },
  {
    // B's whole stream from its start: only B's entries.
    field: 'Subscription.activityEvents',
    query: 'subscription { activityEvents(after: 0) { id type targetId board { id name } before after } }',
    variables: () => ({}),
    owner: 'OWN',
  },
  // governance: mutations
  {
    field: 'Mutation.createApproval',
    query: `mutation($b: ID!, $t: [ID!]!) { createApproval(input: { boardId: $b, taskIds: $t, actionType: "x",
      confidence: 50, reasoning: "Planted" }) { __typename ... on Approval { id } ${ERR} } }`,
    variables: (ids) => ({ b: ids.board, t: [ids.other] }),
    owner: 'NOT_FOUND',
  },
  {
    // B's own board with A's task.
    field: 'Mutation.createApproval',
    query: `mutation($b: ID!, $t: [ID!]!) { createApproval(input: { boardId: $b, taskIds: $t, actionType: "x",
      confidence: 50, reasoning: "Planted" }) { __typename ... on Approval { id tasks { id title } } ${ERR} } }`,
    variables: (ids) => ({ b: ids.bBoard, t: [ids.other] }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.approveApproval',
    query: `mutation($id: ID!) { approveApproval(id: $id) { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.approval }),
    owner: 'NOT_FOUND',
  },
  {
    field: 'Mutation.rejectApproval',
    query: `mutation($id: ID!) { rejectApproval(id: $id, reason: "No") { __typename ${ERR} } }`,
    variables: (ids) => ({ id: ids.approval }),
    owner: 'NOT_FOUND',
  },
];

/** The refusal code of a response: a thrown error's, or the DomainError the field answered. */
function refusal(body: any, name: string): string | undefined {
  return body.errors?.[0]?.extensions?.code ?? body.data?.[name]?.code;
}

/** Whether the field's data is an empty list or connection. */
function isEmpty(value: any): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return Array.isArray(value?.nodes) && value.nodes.length === 0;
}

describe('tenant isolation of work and governance through the router', { timeout: 120_000 }, () => {
  let work: WorkStack;

  beforeAll(async () => {
    work = await startWorkStack();
  }, 180_000);

  afterAll(() => work?.stop());

  const declared = new Set([...rootFields('work'), ...rootFields('governance')]);

  it('every root field of work and governance has a case', () => {
    const covered = new Set(CASES.map((entry) => entry.field));
    expect([...declared].filter((field) => !covered.has(field))).toEqual([]);
  });

  it("another organization's owner and agent get NOT_FOUND/FORBIDDEN or their own data, and A is unchanged", async () => {
    // Organization A, with one of everything, every name marked.
    const orgA = await work.organization('Alpha');
    const a = work.admin(orgA);
    const group = (
      await a(`mutation { createBoardGroup(input: { name: "${MARK} group" }) { ... on BoardGroup { id } } }`)
    ).data.createBoardGroup.id;
    const board = await work.board(orgA, { name: `${MARK} board`, description: `${MARK} plans`, groupId: group });
    const task = await work.task(orgA, board, { title: `${MARK} task` });
    const other = await work.task(orgA, board, { title: `${MARK} other` });
    const tag = (await a(CREATE_TAG, { input: { name: `${MARK} tag`, color: '#aa0000' } })).data.createTag.id;
    await a('mutation($id: ID!, $t: [ID!]!) { attachTaskTags(taskId: $id, tagIds: $t) { __typename } }', {
      id: task,
      t: [tag],
    });
    const field = (
      await a(
        `mutation { createCustomField(input: { key: "alpha", label: "${MARK} field", type: TEXT }) { ... on CustomField { id } } }`,
      )
    ).data.createCustomField.id;
    await a('mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }', {
      f: field,
      b: board,
    });
    await a(
      `mutation($id: ID!) { setTaskCustomFieldValues(taskId: $id, values: [{ key: "alpha", value: "${MARK} value" }]) { __typename } }`,
      { id: task },
    );
    const webhook = (
      await a(
        `mutation($b: ID!) { createBoardWebhook(boardId: $b, input: { name: "${MARK} hook", requireSignature: true }) {
          ... on BoardWebhookWithSecret { webhook { id } } } }`,
        { b: board },
      )
    ).data.createBoardWebhook.webhook.id;
    await a(`mutation($b: ID!) { addBoardMemory(boardId: $b, kind: NOTE, body: "${MARK} note") { __typename } }`, {
      b: board,
    });
    await a(
      `mutation($g: ID!) { addBoardGroupMemory(boardGroupId: $g, kind: CHAT, body: "${MARK} chat") { __typename } }`,
      { g: group },
    );
    const approval = (
      await a(CREATE_APPROVAL, {
        input: { boardId: board, taskIds: [task], actionType: 'task.done', confidence: 90, reasoning: `${MARK} why` },
      })
    ).data.createApproval.id;
    // Governance knows A's board (from work's events) before B probes it.
    await expect
      .poll(
        async () =>
          (
            await a(
              'query($b: ID!) { activity(filter: { boardId: $b, types: ["work.boardCreated"] }) { nodes { id } } }',
              {
                b: board,
              },
            )
          ).data?.activity.nodes.length,
        EVENTUALLY,
      )
      .toBe(1);

    // Organization B: its owner (the same person, acting in B) and an agent of B.
    const orgB = await work.organization('Bravo');
    const bBoard = await work.board(orgB, { name: 'Bravo board' });
    const bTask = await work.task(orgB, bBoard, { title: 'Bravo task' });
    const bField = (
      await work.admin(orgB)(
        'mutation { createCustomField(input: { key: "bravo", label: "Bravo", type: TEXT }) { ... on CustomField { id } } }',
      )
    ).data.createCustomField.id;
    const ids: Ids = { org: orgA, group, board, task, other, tag, field, webhook, approval, bBoard, bTask, bField };
    const aIds = [orgA, group, board, task, other, tag, field, webhook, approval];
    const owner: Call = work.admin(orgB);
    const agent: Agent = await work.agent(orgB);

    const failures: string[] = [];
    // A case for a field the committed SDL does not declare (yet, or any more) is not run.
    for (const entry of CASES.filter((candidate) => declared.has(candidate.field))) {
      const [operation, name] = entry.field.split('.');
      const variables = entry.variables(ids);
      const sent = JSON.stringify(variables);
      for (const [who, call, credentials] of [
        ['owner', owner, { token: work.env.stack.env.LOCAL_AUTH_TOKEN, orgId: orgB }],
        ['agent', agent.call, { token: agent.token }],
      ] as const) {
        if (operation === 'Subscription') {
          const answer = await work.subscribeOnce(credentials, entry.query, variables);
          const text = JSON.stringify(answer);
          const label = `${who} ${entry.field}(${sent})`;
          if (text.includes(MARK) || aIds.some((id) => text.includes(id) && !sent.includes(id))) {
            failures.push(`${label} leaked: ${text}`);
          }
          const code = answer.kind === 'error' ? answer.code : undefined;
          const own = (answer.kind === 'next' && !answer.errors) || answer.kind === 'silent';
          const ok =
            who === 'owner'
              ? entry.owner === 'OWN'
                ? own
                : code === entry.owner
              : (code !== undefined && REFUSALS.has(code)) || (entry.owner === 'OWN' && own);
          if (!ok) failures.push(`${label} expected a refusal (${entry.owner} for the owner): ${text}`);
          continue;
        }
        const body = await call(entry.query, variables);
        const text = JSON.stringify(body);
        const label = `${who} ${entry.field}(${sent})`;
        const leaked = aIds.filter((id) => text.includes(id) && !sent.includes(id));
        if (text.includes(MARK) || leaked.length > 0) failures.push(`${label} leaked: ${text}`);
        const code = refusal(body, name);
        const data = body.data?.[name];
        if (entry.owner === 'UNREACHABLE') {
          if (code !== 'GRAPHQL_VALIDATION_FAILED') failures.push(`${label} reached the subgraph: ${text}`);
          continue;
        }
        if (who === 'owner') {
          const ok =
            entry.owner === 'EMPTY'
              ? !body.errors && isEmpty(data)
              : entry.owner === 'OWN'
                ? !body.errors && !data?.code
                : code === entry.owner;
          if (!ok) failures.push(`${label} expected ${entry.owner}: ${text}`);
        } else {
          // An agent of B: refused, or B's own (empty) data — never A's.
          const ok = (code !== undefined && REFUSALS.has(code)) || (!body.errors && !data?.code);
          if (!ok) failures.push(`${label} expected a refusal: ${text}`);
        }
        if (data?.organization?.id !== undefined && data.organization.id !== orgB) {
          failures.push(`${label} created outside B: ${text}`);
        }
      }
    }
    expect(failures).toEqual([]);

    // Nothing of A changed.
    const state = await a(
      `query($b: ID!, $t: ID!, $g: ID!, $ap: ID!) {
        board(id: $b) { name description group { id } customFields { id } webhooks { id name enabled }
          memory { nodes { body } } tasks { nodes { id } } }
        task(id: $t) { title status version tags { id name } customFields { value } comments { nodes { id } } dependencies { id } }
        boardGroup(id: $g) { name memory { nodes { body } } }
        approval(id: $ap) { status }
        tags { id name }
        customFields { id label }
      }`,
      { b: board, t: task, g: group, ap: approval },
    );
    expect(state.errors).toBeUndefined();
    expect(state.data).toEqual({
      board: {
        name: `${MARK} board`,
        description: `${MARK} plans`,
        group: { id: group },
        customFields: [{ id: field }],
        webhooks: [{ id: webhook, name: `${MARK} hook`, enabled: true }],
        memory: { nodes: [{ body: `${MARK} note` }] },
        tasks: { nodes: [{ id: task }, { id: other }] },
      },
      task: {
        title: `${MARK} task`,
        status: 'INBOX',
        version: 3, // created, tagged (a tag change bumps the version), custom field set
        tags: [{ id: tag, name: `${MARK} tag` }],
        customFields: [{ value: `${MARK} value` }],
        comments: { nodes: [] },
        dependencies: [],
      },
      boardGroup: { name: `${MARK} group`, memory: { nodes: [{ body: `${MARK} chat` }] } },
      approval: { status: 'PENDING' },
      tags: [{ id: tag, name: `${MARK} tag` }],
      customFields: [{ id: field, label: `${MARK} field` }],
    });
  });
});
