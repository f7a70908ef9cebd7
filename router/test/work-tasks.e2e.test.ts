/**
 * Tasks through the router with real processes: the board rules on moves, dependencies and the
 * optimistic-concurrency conflict reach a client as typed results (unions across the gateway),
 * counts per board, and another organization's task ids answer NOT_FOUND.
 */
import { describe, expect, it } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const RESULT = `__typename ... on Task { id status version blocked blockedBy { id } }
  ... on TaskConflict { code message current { id version status } }
  ... on DomainError { code ids field }`;

describe('tasks through the router', () => {
  const admin = useSharedAdminStack();
  const { call } = admin;

  const organization = (name: string) => admin.organization(name);

  it('enforces board rules, dependencies and versions end to end', async () => {
    const orgId = await organization('Rules');
    const board = await call(
      `mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`,
      {
        input: {
          name: 'Launch',
          description: 'Ship it',
          requireReviewBeforeDone: true,
          commentRequiredForReview: true,
          requireApprovalForDone: false,
        },
      },
      orgId,
    );
    const boardId = board.data.createBoard.id;
    const create = async (title: string) =>
      (
        await call(
          'mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on Task { id } } }',
          { input: { boardId, title } },
          orgId,
        )
      ).data.createTask.id as string;
    const design = await create('Design');
    const build = await create('Build');
    const move = async (id: string, status: string, extra: Record<string, unknown> = {}) =>
      (
        await call(
          `mutation($id: ID!, $s: TaskStatus!, $v: Int, $c: String) {
            moveTask(id: $id, status: $s, expectedVersion: $v, comment: $c) { ${RESULT} } }`,
          { id, s: status, ...extra },
          orgId,
        )
      ).data.moveTask;
    const deps = async (id: string, dependsOn: string[]) =>
      (
        await call(
          `mutation($id: ID!, $d: [ID!]!) { setTaskDependencies(taskId: $id, dependsOn: $d) { ${RESULT} } }`,
          { id, d: dependsOn },
          orgId,
        )
      ).data.setTaskDependencies;

    expect(await deps(build, [design])).toMatchObject({ __typename: 'Task', blocked: true });
    expect(await deps(design, [build])).toMatchObject({ code: 'CYCLE', ids: [design, build] });
    expect(await move(build, 'IN_PROGRESS')).toMatchObject({ code: 'TASK_BLOCKED', ids: [design] });
    expect(await move(design, 'DONE')).toMatchObject({ code: 'REVIEW_REQUIRED' });
    expect(await move(design, 'REVIEW')).toMatchObject({ code: 'COMMENT_REQUIRED' });
    expect(await move(design, 'REVIEW', { c: 'Looks good @lead' })).toMatchObject({ status: 'REVIEW', version: 2 });
    expect(await move(design, 'DONE', { v: 1 })).toMatchObject({
      __typename: 'TaskConflict',
      code: 'CONFLICT',
      current: { id: design, version: 2, status: 'REVIEW' },
    });
    expect(await move(design, 'DONE', { v: 2 })).toMatchObject({ status: 'DONE', version: 3 });
    expect(await move(build, 'IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS', blocked: false });

    const counts = await call('{ boards { nodes { id taskCounts { inbox inProgress review done } } } }', {}, orgId);
    expect(counts.data.boards.nodes).toEqual([
      { id: boardId, taskCounts: { inbox: 0, inProgress: 1, review: 0, done: 1 } },
    ]);
    const comments = await call(
      'query($id: ID!) { task(id: $id) { comments { nodes { body mentions author { kind } } } } }',
      { id: design },
      orgId,
    );
    expect(comments.data.task.comments.nodes).toEqual([
      { body: 'Looks good @lead', mentions: ['lead'], author: { kind: 'USER' } },
    ]);

    // Another organization (the same person acting in it) sees none of these tasks.
    const otherId = await organization('Other');
    const probe = await call('query($id: ID!) { task(id: $id) { title } }', { id: design }, otherId);
    expect(probe.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const foreignMove = await call(
      `mutation($id: ID!) { moveTask(id: $id, status: INBOX) { ${RESULT} } }`,
      { id: design },
      otherId,
    );
    expect(foreignMove.data.moveTask).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify([probe, foreignMove])).not.toMatch(/Design/);
  });
});
