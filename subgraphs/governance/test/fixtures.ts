/** Builders for governance tests: organizations with callers, work-shaped events, approvals made through GraphQL. */
import { randomUUID } from 'node:crypto';
import type { BoardPermission, DomainEvent, Identity, OrgRole, SubgraphInstance, SubgraphRuntime } from '@mc/kit';
import { executeAs, userIdentity } from '@mc/kit/testing';
import type { TaskStatus, WorkChange } from '@mc/kit/topics/work';
import { expect } from 'vitest';
import { ProjectionStore } from '../src/db/projection-store.ts';

export interface TestOrg {
  id: string;
  owner: Identity;
  ownerId: string;
  /** A member of this organization with the given standing. */
  as(
    role: OrgRole,
    access?: { allBoardsRead?: boolean; allBoardsWrite?: boolean; boards?: Record<string, BoardPermission> },
    userId?: string,
  ): Identity;
}

export function makeOrg(): TestOrg {
  const id = randomUUID();
  const as: TestOrg['as'] = (role, access = {}, userId = randomUUID()) => userIdentity(userId, { id, role, ...access });
  const ownerId = randomUUID();
  return { id, owner: as('OWNER', {}, ownerId), ownerId, as };
}

export const APPROVAL_FIELDS = `id actionType payload confidence reasoning status createdAt resolvedAt resolutionNote
  rubricScores { criterion score } board { id } tasks { id } requestedBy { kind id } resolvedBy { kind id }`;

export const CREATE_APPROVAL = `mutation($input: CreateApprovalInput!) { createApproval(input: $input) {
  __typename ... on Approval { ${APPROVAL_FIELDS} } ... on DomainError { code field ids message } } }`;

export const APPROVE = `mutation($id: ID!, $note: String) { approveApproval(id: $id, note: $note) {
  __typename ... on Approval { ${APPROVAL_FIELDS} } ... on DomainError { code field ids message } } }`;

export const REJECT = `mutation($id: ID!, $reason: String!) { rejectApproval(id: $id, reason: $reason) {
  __typename ... on Approval { ${APPROVAL_FIELDS} } ... on DomainError { code field ids message } } }`;

export function approvalInput(boardId: string, taskIds: string[], extra: Record<string, unknown> = {}) {
  return {
    boardId,
    taskIds,
    actionType: 'task.done',
    payload: { reason: 'finished', checks: [1, 2] },
    confidence: 80,
    rubricScores: [{ criterion: 'tests pass', score: 90 }],
    reasoning: 'All checks are green',
    ...extra,
  };
}

export async function createApproval(
  instance: SubgraphInstance,
  caller: Identity,
  boardId: string,
  taskIds: string[] = [randomUUID()],
  extra: Record<string, unknown> = {},
) {
  const result = await executeAs(instance, caller, CREATE_APPROVAL, { input: approvalInput(boardId, taskIds, extra) });
  expect(result.errors).toBeUndefined();
  expect(result.data?.createApproval.__typename).toBe('Approval');
  return result.data?.createApproval as { id: string; status: string; tasks: { id: string }[] };
}

/** A domain event as work records it. */
export function workEvent(
  name: string,
  organizationId: string,
  change: Partial<WorkChange> & { from?: TaskStatus; to?: TaskStatus },
  options: { actor?: { kind: string; id: string | null }; at?: Date } = {},
): DomainEvent<WorkChange> {
  return {
    id: randomUUID(),
    topic: `work.${name}`,
    organizationId,
    actor: options.actor ?? { kind: 'user', id: randomUUID() },
    occurredAt: (options.at ?? new Date()).toISOString(),
    payload: { boardId: null, before: null, after: null, ...change },
  };
}

/**
 * A board governance has heard of (as work's `boardCreated` would leave it): approvals need one.
 * Returns its id.
 */
export async function knownBoard(
  runtime: SubgraphRuntime,
  organizationId: string,
  boardId: string = randomUUID(),
): Promise<string> {
  await new ProjectionStore(runtime.database.db).upsertBoard({ boardId, organizationId, at: new Date() });
  return boardId;
}

/** The codes of a result's errors, in order. */
export const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);
