/** Builders for work tests: a fresh organization with callers of every kind, and boards made through GraphQL. */
import { randomUUID } from 'node:crypto';
import type { BoardPermission, Identity, OrgRole, SubgraphInstance } from '@mc/kit';
import { executeAs, unique, userIdentity } from '@mc/kit/testing';
import { expect } from 'vitest';

export interface TestOrg {
  id: string;
  owner: Identity;
  admin: Identity;
  member: Identity;
  /** A member of this organization with the given standing. */
  as(
    role: OrgRole,
    access?: { allBoardsRead?: boolean; allBoardsWrite?: boolean; boards?: Record<string, BoardPermission> },
  ): Identity;
}

export function makeOrg(): TestOrg {
  const id = randomUUID();
  const as: TestOrg['as'] = (role, access = {}) => userIdentity(randomUUID(), { id, role, ...access });
  return { id, owner: as('OWNER'), admin: as('ADMIN', { allBoardsWrite: true }), member: as('MEMBER'), as };
}

export const BOARD_FIELDS = `id name slug description kind goalConfirmed objective successMetrics
  requireApprovalForDone requireReviewBeforeDone commentRequiredForReview
  blockStatusChangesWithPendingApproval onlyLeadChangesStatus maxAgents createdAt updatedAt
  organization { id } group { id name }`;

export const CREATE_BOARD = `mutation($input: CreateBoardInput!) { createBoard(input: $input) {
  __typename ... on Board { ${BOARD_FIELDS} } ... on DomainError { code field ids message } } }`;

export const UPDATE_BOARD = `mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) {
  __typename ... on Board { ${BOARD_FIELDS} } ... on DomainError { code field ids message } } }`;

export const DELETE_BOARD = `mutation($id: ID!) { deleteBoard(id: $id) {
  __typename ... on DeleteBoardPayload { deletedBoardId } ... on DomainError { code field ids } } }`;

export const CREATE_GROUP = `mutation($input: CreateBoardGroupInput!) { createBoardGroup(input: $input) {
  __typename ... on BoardGroup { id name slug description organization { id } } ... on DomainError { code field ids } } }`;

export async function createBoard(
  instance: SubgraphInstance,
  caller: Identity,
  input: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; name: string }> {
  const name = unique('Board');
  const result = await executeAs(instance, caller, CREATE_BOARD, {
    input: { name, description: 'What this board is for', ...input },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data?.createBoard.__typename).toBe('Board');
  return result.data?.createBoard;
}

export async function createGroup(
  instance: SubgraphInstance,
  caller: Identity,
  input: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; name: string }> {
  const result = await executeAs(instance, caller, CREATE_GROUP, { input: { name: unique('Group'), ...input } });
  expect(result.errors).toBeUndefined();
  expect(result.data?.createBoardGroup.__typename).toBe('BoardGroup');
  return result.data?.createBoardGroup;
}

/** The codes of a result's errors, in order. */
export const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

export const TASK_FIELDS = `id title description status priority dueAt assigneeAgentId lastWorkerAgentId version createdAt updatedAt
  createdBy { kind id } board { id }`;

export const TASK_RESULT = `__typename ... on Task { ${TASK_FIELDS} }
  ... on TaskConflict { code message current { id version title status } }
  ... on DomainError { code field ids message }`;

export const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) {
  __typename ... on Task { ${TASK_FIELDS} } ... on DomainError { code field ids message } } }`;

export const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!, $v: Int) {
  updateTask(id: $id, input: $input, expectedVersion: $v) { ${TASK_RESULT} } }`;

export const MOVE_TASK = `mutation($id: ID!, $status: TaskStatus!, $v: Int, $comment: String) {
  moveTask(id: $id, status: $status, expectedVersion: $v, comment: $comment) { ${TASK_RESULT} } }`;

export const SET_DEPENDENCIES = `mutation($id: ID!, $deps: [ID!]!, $v: Int) {
  setTaskDependencies(taskId: $id, dependsOn: $deps, expectedVersion: $v) { ${TASK_RESULT} } }`;

export interface TestTask {
  id: string;
  title: string;
  status: string;
  version: number;
}

export async function createTask(
  instance: SubgraphInstance,
  caller: Identity,
  boardId: string,
  input: Record<string, unknown> = {},
): Promise<TestTask> {
  const result = await executeAs(instance, caller, CREATE_TASK, {
    input: { boardId, title: unique('Task'), ...input },
  });
  expect(result.errors, String(result.internal)).toBeUndefined();
  expect(result.data?.createTask.__typename).toBe('Task');
  return result.data?.createTask;
}

/** Callers that are neither people nor agents: refused on every task field (agents: agents.test.ts). */
export function nonHumans(orgId: string): Identity[] {
  return [
    { kind: 'gateway', gatewayId: randomUUID(), orgId, credentialId: randomUUID() },
    { kind: 'h5', h5UserId: randomUUID(), orgId },
  ];
}
