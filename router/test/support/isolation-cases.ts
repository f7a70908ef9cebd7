/**
 * The cases of the router's tenant-isolation test (`work-rules-isolation.e2e.test.ts`): for every root
 * field of work and governance, an operation that points at organization A's records and the outcome
 * B's owner must get. Every name A plants carries MARK, so any answer containing it leaked.
 */

/** What B may get for a case: a refusal with this code, only its own (empty) data, or its own new record. */
export type Outcome = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'EMPTY' | 'OWN' | 'UNREACHABLE';

export interface Ids {
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

export interface Case {
  /** `Query.<name>`, `Mutation.<name>` or `Subscription.<name>` (sent over graphql-ws). */
  field: string;
  query: string;
  variables: (ids: Ids) => Record<string, unknown>;
  /** The outcome for B's owner; B's agent must be refused or get nothing of A's either way. */
  owner: Outcome;
}

const ERR = '... on DomainError { code ids field }';
export const MARK = 'ALPHA-SECRET';

export const CASES: Case[] = [
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
