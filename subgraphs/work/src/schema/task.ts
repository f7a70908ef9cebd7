/** `Task` entity, its connection, `Board.tasks`, `Board.taskCounts` and the task root fields. */

import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { BoardRow } from '../db/board-store.ts';
import type { TaskCounts, TaskRow } from '../db/task-store.ts';
import { TaskConflictError } from '../services/task-access.ts';
import { ActorRef } from './actor.ts';
import { BoardRef } from './board.ts';
import { CustomFieldValueInput } from './custom-field-value-input.ts';

export const TaskStatusEnum = builder.enumType('TaskStatus', {
  values: {
    INBOX: { description: 'Not started; a blocked task cannot leave it' },
    IN_PROGRESS: {},
    REVIEW: {},
    DONE: {},
  } as const,
});

export const TaskPriorityEnum = builder.enumType('TaskPriority', {
  values: ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const,
});

export const TaskRef = builder.loadableObjectRef('Task', {
  load: (ids: string[], context: WorkContext) => context.services.tasks.loadReadable(context.identity, ids),
  cacheResolved: (task: TaskRow) => task.id,
});

TaskRef.implement({
  description: 'A unit of work on a board',
  fields: (t) => ({
    id: t.exposeID('id'),
    board: t.field({ type: BoardRef, resolve: (task) => task.boardId }),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    status: t.field({ type: TaskStatusEnum, resolve: (task) => task.status }),
    priority: t.field({ type: TaskPriorityEnum, resolve: (task) => task.priority }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    assigneeAgentId: t.exposeID('assigneeAgentId', {
      nullable: true,
      description: 'The agent working on it',
    }),
    lastWorkerAgentId: t.exposeID('lastWorkerAgentId', {
      nullable: true,
      description:
        'The worker agent that last sent it to review; the lead sending it back to the inbox returns it there',
    }),
    createdBy: t.field({
      type: ActorRef,
      resolve: (task) => ({ kind: task.createdByKind, id: task.createdById }),
    }),
    version: t.exposeInt('version', {
      description: 'Grows with every change; pass it as expectedVersion to refuse overwriting newer changes',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(TaskRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => TaskRef.getDataloader(context).load(ref.id),
});

builder.objectType(TaskConflictError, {
  name: 'TaskConflict',
  description: 'The task changed since the version you passed; nothing was changed. `current` is the task now',
  // The kit's `Error` interface, by name (its ref is private to the kit builder).
  interfaces: ['Error' as never],
  isTypeOf: (value) => value instanceof TaskConflictError,
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    current: t.field({ type: TaskRef, resolve: (error) => error.current }),
  }),
});

const TaskEdge = builder.objectRef<{ cursor: string; node: TaskRow }>('TaskEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: TaskRef, resolve: (edge) => edge.node }),
  }),
});

const TaskConnection = builder.objectRef<Connection<TaskRow>>('TaskConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [TaskEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [TaskRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const TaskCountsRef = builder.objectRef<TaskCounts>('TaskCounts').implement({
  description: 'Tasks of a board per status',
  fields: (t) => ({
    inbox: t.int({ resolve: (counts) => counts.INBOX }),
    inProgress: t.int({ resolve: (counts) => counts.IN_PROGRESS }),
    review: t.int({ resolve: (counts) => counts.REVIEW }),
    done: t.int({ resolve: (counts) => counts.DONE }),
    total: t.int({ resolve: (c) => c.INBOX + c.IN_PROGRESS + c.REVIEW + c.DONE }),
  }),
});

const TaskFilter = builder.inputType('TaskFilter', {
  fields: (t) => ({
    status: t.field({ type: [TaskStatusEnum], required: false, description: 'Any of these statuses' }),
    assigneeAgentId: t.id({ required: false }),
    dueBefore: t.field({ type: 'DateTime', required: false, description: 'Due strictly before this instant' }),
    text: t.string({ required: false, description: 'Case-insensitive search in title and description' }),
    tagId: t.id({ required: false, description: 'Only tasks with this tag' }),
  }),
});

builder.objectFields(BoardRef, (t) => ({
  tasks: t.field({
    type: TaskConnection,
    description: 'Tasks of this board, oldest first',
    args: {
      filter: t.arg({ type: TaskFilter, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page' }),
    },
    resolve: (board: BoardRow, args, context) => context.services.tasks.list(context.identity, board, args),
  }),
  taskCounts: t.loadable({
    type: TaskCountsRef,
    description: 'How many tasks the board has per status',
    load: (boardIds: string[], context: WorkContext) =>
      context.services.tasks.countsByBoard(context.identity, boardIds),
    resolve: (board: BoardRow) => board.id,
  }),
}));

builder.queryFields((t) => ({
  task: t.field({
    type: TaskRef,
    description: 'A task of a board you may read (agents: the lead every task, a worker its own and unassigned ones)',
    authScopes: { user: true, agent: true },
    args: { id: t.arg.id() },
    resolve: (_root, args) => args.id,
  }),
}));

const CreateTaskInput = builder.inputType('CreateTaskInput', {
  fields: (t) => ({
    boardId: t.id(),
    title: t.string({ description: 'At most 300 characters' }),
    description: t.string({ required: false }),
    priority: t.field({ type: TaskPriorityEnum, required: false, description: 'Default MEDIUM' }),
    dueAt: t.field({ type: 'DateTime', required: false }),
    assigneeAgentId: t.id({ required: false }),
    customFields: t.field({
      type: [CustomFieldValueInput],
      required: false,
      description: 'Values of custom fields bound to the board; required ones must be given (or have a default)',
    }),
  }),
});

const UpdateTaskInput = builder.inputType('UpdateTaskInput', {
  description: 'Absent fields are kept; status changes go through moveTask',
  fields: (t) => ({
    title: t.string({ required: false }),
    description: t.string({ required: false, description: 'null clears it' }),
    priority: t.field({ type: TaskPriorityEnum, required: false }),
    dueAt: t.field({ type: 'DateTime', required: false, description: 'null clears it' }),
    assigneeAgentId: t.id({ required: false, description: 'null unassigns' }),
  }),
});

const DeleteTaskPayload = builder.objectRef<{ deletedTaskId: string }>('DeleteTaskPayload').implement({
  fields: (t) => ({ deletedTaskId: t.exposeID('deletedTaskId') }),
});

/** Errors of versioned task mutations: a stale version is a `TaskConflict` with the current task. */
export const versionedErrors = { types: [TaskConflictError] };

builder.mutationFields((t) => ({
  createTask: t.field({
    type: TaskRef,
    description: 'Creates a task in the inbox of a board you have write access to',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateTaskInput }) },
    resolve: (_root, { input }, context) => context.services.tasks.create(context.identity, input.boardId, input),
  }),
  updateTask: t.field({
    type: TaskRef,
    description:
      'Changes a task; with expectedVersion, a newer task gives TaskConflict instead. A blocked task gives ' +
      'TASK_BLOCKED (ids: its unfinished dependencies); the lead agent changes only assigneeAgentId, a worker ' +
      'nothing (FIELD_FORBIDDEN with field)',
    authScopes: { user: true, agent: true },
    errors: versionedErrors,
    args: {
      id: t.arg.id(),
      input: t.arg({ type: UpdateTaskInput }),
      expectedVersion: t.arg.int({ required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.tasks.update(context.identity, args.id, args.input, args.expectedVersion),
  }),
  deleteTask: t.field({
    type: DeleteTaskPayload,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.tasks.delete(context.identity, args.id),
  }),
}));
