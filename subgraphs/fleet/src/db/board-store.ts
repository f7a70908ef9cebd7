/** SQL for the board projection fed by work's events: organization, agent cap, deletion. */
import type { Database } from '@mc/kit';
import { eq, sql } from 'drizzle-orm';
import { boardStates } from './tables.ts';

export type BoardStateRow = typeof boardStates.$inferSelect;

export class BoardStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Applies what an event says about a board; an older event never overwrites a newer one. */
  async upsert(board: {
    boardId: string;
    organizationId: string;
    maxAgents?: number;
    deleted?: boolean;
    at: Date;
  }): Promise<void> {
    const newer = sql`${boardStates.updatedAt} <= ${board.at.toISOString()}::timestamptz`;
    await this.db
      .insert(boardStates)
      .values({
        boardId: board.boardId,
        organizationId: board.organizationId,
        maxAgents: board.maxAgents ?? 1,
        deletedAt: board.deleted ? board.at : null,
        updatedAt: board.at,
      })
      .onConflictDoUpdate({
        target: boardStates.boardId,
        set: {
          maxAgents:
            board.maxAgents === undefined
              ? sql`${boardStates.maxAgents}`
              : sql`case when ${newer} then ${board.maxAgents} else ${boardStates.maxAgents} end`,
          deletedAt: board.deleted ? board.at : sql`${boardStates.deletedAt}`,
          updatedAt: sql`greatest(${boardStates.updatedAt}, ${board.at.toISOString()}::timestamptz)`,
        },
      });
  }

  /** The board, locked for the rest of the transaction (serializes agent placement). */
  async lock(boardId: string): Promise<BoardStateRow | undefined> {
    const [row] = await this.db.select().from(boardStates).where(eq(boardStates.boardId, boardId)).for('update');
    return row;
  }
}
