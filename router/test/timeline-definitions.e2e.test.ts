/**
 * Through the router: tag and custom-field definition changes reach governance's timeline as
 * `TAG` / `CUSTOM_FIELD` entries with their actor, and a HIDDEN custom field's value never shows
 * on the timeline (its key does).
 */
import { describe, expect, it, vi } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const ACTIVITY = `query($filter: ActivityFilter) { activity(filter: $filter, first: 50) {
  nodes { type actor { kind } targetType targetId board { id } before after } } }`;

describe('definition changes on the timeline, through the router', () => {
  const admin = useSharedAdminStack();

  it('shows tag and custom-field changes and keeps hidden values off the timeline', async () => {
    const orgId = await admin.organization('Timeline');
    const call = (query: string, variables: Record<string, unknown> = {}) => admin.call(query, variables, orgId);
    const board = await call(
      `mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`,
      { input: { name: 'Defs', description: 'Definitions', requireApprovalForDone: false } },
    );
    const boardId: string = board.data.createBoard.id;
    const tag = await call(`mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } } }`, {
      input: { name: 'Urgent', color: '#ff0000' },
    });
    const tagId: string = tag.data.createTag.id;
    await call(`mutation($id: ID!) { updateTag(id: $id, input: { color: "#00ff00" }) { __typename } }`, { id: tagId });
    const field = await call(
      `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ... on CustomField { id } } }`,
      { input: { key: 'ssn', label: 'SSN', type: 'TEXT', visibility: 'HIDDEN' } },
    );
    const fieldId: string = field.data.createCustomField.id;
    await call(`mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }`, {
      f: fieldId,
      b: boardId,
    });
    const task = await call(
      `mutation($input: CreateTaskInput!) { createTask(input: $input) { __typename ... on Task { id } } }`,
      { input: { boardId, title: 'Private', customFields: [{ key: 'ssn', value: 'secret-123-45-6789' }] } },
    );
    expect(task.data.createTask.__typename).toBe('Task');
    const taskId: string = task.data.createTask.id;

    await vi.waitFor(
      async () => {
        const read = await call(ACTIVITY, {
          filter: { types: ['work.tagCreated', 'work.tagUpdated', 'work.customFieldCreated', 'work.customFieldBound'] },
        });
        expect(read.errors).toBeUndefined();
        expect(read.data.activity.nodes).toEqual([
          {
            type: 'work.customFieldBound',
            actor: { kind: 'USER' },
            targetType: 'CUSTOM_FIELD',
            targetId: fieldId,
            board: { id: boardId },
            before: null,
            after: { key: 'ssn', label: 'SSN' },
          },
          expect.objectContaining({ type: 'work.customFieldCreated', targetType: 'CUSTOM_FIELD', targetId: fieldId }),
          expect.objectContaining({
            type: 'work.tagUpdated',
            targetType: 'TAG',
            targetId: tagId,
            before: { color: '#ff0000' },
            after: { color: '#00ff00' },
          }),
          expect.objectContaining({ type: 'work.tagCreated', targetType: 'TAG', targetId: tagId }),
        ]);
      },
      { timeout: 15_000, interval: 200 },
    );

    await vi.waitFor(
      async () => {
        const read = await call(ACTIVITY, { filter: { taskId, types: ['work.taskCreated'] } });
        expect(read.data.activity.nodes).toHaveLength(1);
        expect(read.data.activity.nodes[0].after).toMatchObject({ hiddenCustomFields: ['ssn'] });
        expect(JSON.stringify(read.data)).not.toContain('secret-123');
      },
      { timeout: 15_000, interval: 200 },
    );
  }, 60_000);
});
