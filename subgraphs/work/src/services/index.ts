/** Builds the work subgraph's services over its stores. */
import type { SubgraphRuntime } from '@mc/kit';
import { BoardGroupStore } from '../db/board-group-store.ts';
import { BoardStore } from '../db/board-store.ts';
import { CustomFieldStore } from '../db/custom-field-store.ts';
import { MemoryStore } from '../db/memory-store.ts';
import { TagStore } from '../db/tag-store.ts';
import { TaskApprovalStore } from '../db/task-approval-store.ts';
import { TaskCommentStore } from '../db/task-comment-store.ts';
import { TaskDependencyStore } from '../db/task-dependency-store.ts';
import { TaskStore } from '../db/task-store.ts';
import { WebhookStore } from '../db/webhook-store.ts';
import { loadWorkEnv } from '../env.ts';
import { BoardGroupService } from './board-group-service.ts';
import { BoardService } from './board-service.ts';
import { BoardSyncService } from './board-sync-service.ts';
import { Changes } from './changes.ts';
import { CommentService } from './comment-service.ts';
import { CustomFieldService } from './custom-field-service.ts';
import { EventPublisher } from './event-publisher.ts';
import { MemoryService } from './memory-service.ts';
import { TagService } from './tag-service.ts';
import { TaskAccess } from './task-access.ts';
import { TaskApprovalService } from './task-approval-service.ts';
import { TaskDependencyService } from './task-dependency-service.ts';
import { TaskMoveService } from './task-move-service.ts';
import { TaskService } from './task-service.ts';
import { type DeliveryJob, WEBHOOK_QUEUE, WebhookService } from './webhook-service.ts';

export interface WorkServices {
  boards: BoardService;
  boardGroups: BoardGroupService;
  tasks: TaskService;
  taskMoves: TaskMoveService;
  taskDependencies: TaskDependencyService;
  taskApprovals: TaskApprovalService;
  comments: CommentService;
  tags: TagService;
  customFields: CustomFieldService;
  memory: MemoryService;
  webhooks: WebhookService;
  boardSync: BoardSyncService;
}

export function createWorkServices(runtime: SubgraphRuntime): WorkServices {
  const db = runtime.database.db;
  const boardStore = new BoardStore(db);
  const groupStore = new BoardGroupStore(db);
  const taskStore = new TaskStore(db);
  const dependencyStore = new TaskDependencyStore(db);
  const approvalStore = new TaskApprovalStore(db);
  const events = new EventPublisher(runtime.bus, runtime.logger);
  const changes = new Changes(runtime.database, runtime.events);
  const access = new TaskAccess(taskStore, boardStore);
  const env = loadWorkEnv();
  const customFields = new CustomFieldService({
    store: new CustomFieldStore(db),
    boards: boardStore,
    access,
    events,
    changes,
    dependencies: dependencyStore,
  });
  const boards = new BoardService(boardStore, groupStore, events, changes);
  return {
    boards,
    boardGroups: new BoardGroupService(groupStore, events, changes),
    tasks: new TaskService(taskStore, boardStore, access, events, changes, dependencyStore, customFields),
    taskMoves: new TaskMoveService({
      boards: boardStore,
      dependencies: dependencyStore,
      approvals: approvalStore,
      access,
      events,
      changes,
    }),
    taskDependencies: new TaskDependencyService(dependencyStore, taskStore, access, events, changes, boardStore),
    taskApprovals: new TaskApprovalService(approvalStore),
    comments: new CommentService(new TaskCommentStore(db), access, events, changes),
    tags: new TagService(new TagStore(db), access, events, changes, dependencyStore),
    customFields,
    memory: new MemoryService(new MemoryStore(db), boardStore, groupStore, changes),
    webhooks: new WebhookService(
      new WebhookStore(db),
      boardStore,
      changes,
      runtime.queue<DeliveryJob>(WEBHOOK_QUEUE),
      {
        attempts: env.WEBHOOK_DELIVERY_ATTEMPTS,
        backoffMs: env.WEBHOOK_DELIVERY_BACKOFF_MS,
      },
      runtime.secrets,
    ),
    boardSync: new BoardSyncService({ streams: runtime.streams, boards, boardStore, taskStore }),
  };
}
