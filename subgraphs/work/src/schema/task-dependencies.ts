/** Dependency fields of `Task` and `setTaskDependencies`: a board-local DAG. */
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { TaskRow } from '../db/task-store.ts';
import { TaskRef, versionedErrors } from './task.ts';

const byId = (task: TaskRow) => task.id;

builder.objectFields(TaskRef, (t) => ({
  dependencies: t.loadableList({
    type: TaskRef,
    description: 'Tasks this task waits for, in the order they were set (agents: those they may see)',
    load: (ids: string[], context: WorkContext) =>
      context.services.taskDependencies.dependenciesOf(context.identity, ids),
    resolve: byId,
  }),
  dependents: t.loadableList({
    type: TaskRef,
    description: 'Tasks that wait for this task (agents: those they may see)',
    load: (ids: string[], context: WorkContext) =>
      context.services.taskDependencies.dependentsOf(context.identity, ids),
    resolve: byId,
  }),
  blockedBy: t.loadableList({
    type: TaskRef,
    description: 'Dependencies that are not done yet (agents: those they may see)',
    load: (ids: string[], context: WorkContext) => context.services.taskDependencies.blockersOf(context.identity, ids),
    resolve: byId,
  }),
  blocked: t.loadable({
    type: 'Boolean',
    description: 'True while any dependency is not done: the task cannot leave the inbox',
    load: (ids: string[], context: WorkContext) => context.services.taskDependencies.blockedFlags(ids),
    resolve: byId,
  }),
}));

builder.mutationFields((t) => ({
  setTaskDependencies: t.field({
    type: TaskRef,
    description:
      'Replaces the tasks a task depends on (same board; order kept, duplicates dropped). Refusals: ' +
      'BAD_USER_INPUT for itself, unknown tasks or another board (ids say which), CYCLE (ids: the cycle); ' +
      'agents: the lead only (a worker gets FIELD_FORBIDDEN)',
    authScopes: { user: true, agent: true },
    errors: versionedErrors,
    args: {
      taskId: t.arg.id(),
      dependsOn: t.arg.idList(),
      expectedVersion: t.arg.int({ required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.taskDependencies.set(context.identity, args.taskId, args.dependsOn, args.expectedVersion),
  }),
}));
