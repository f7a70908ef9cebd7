/** Builds the work subgraph's services over its stores. */
import type { SubgraphRuntime } from '@mc/kit';
import { BoardGroupStore } from '../db/board-group-store.ts';
import { BoardStore } from '../db/board-store.ts';
import { BoardGroupService } from './board-group-service.ts';
import { BoardService } from './board-service.ts';
import { EventPublisher } from './event-publisher.ts';

export interface WorkServices {
  boards: BoardService;
  boardGroups: BoardGroupService;
}

export function createWorkServices(runtime: SubgraphRuntime): WorkServices {
  const db = runtime.database.db;
  const boardStore = new BoardStore(db);
  const groupStore = new BoardGroupStore(db);
  const events = new EventPublisher(runtime.bus, runtime.logger);
  return {
    boards: new BoardService(boardStore, groupStore, events),
    boardGroups: new BoardGroupService(groupStore, events),
  };
}
