/** Cursor pagination over (instant, id), newest first: opaque cursors, bounded page sizes, typed errors. */
import { badInput, isUuid, type PageInfoShape } from '@mc/kit';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfoShape;
}

/** Where a row sits in a list ordered by (at desc, id desc). */
export interface Position {
  at: Date;
  id: string;
}

export function parseFirst(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`${field} must be between 1 and ${MAX_PAGE_SIZE}`, field);
  }
  return first;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): Position | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = typeof iso === 'string' ? new Date(iso) : null;
    if (at && !Number.isNaN(at.getTime()) && typeof id === 'string' && isUuid(id)) {
      return { at, id: id.toLowerCase() };
    }
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw badInput(`${field} is not a valid cursor`, field);
}

/** Builds a page from `limit + 1` rows: the extra row only says there is a next page. */
export function toConnection<T>(rows: T[], limit: number, position: (row: T) => Position): Connection<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(position(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
