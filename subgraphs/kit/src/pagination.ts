/**
 * Cursor pagination shared by every subgraph: lists ordered by (instant, id), opaque cursors, page
 * sizes bounded, bad cursors and sizes answered BAD_USER_INPUT.
 */
import type { PageInfoShape } from './builder.ts';
import { badInput } from './errors.ts';
import { isUuid } from './ids.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfoShape;
}

/** Where a row sits in a list ordered by (instant, id). */
export interface CursorPosition {
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

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): CursorPosition | undefined {
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

/** The position of a row in creation order, the usual list order. */
export const byCreation = (row: { createdAt: Date; id: string }): CursorPosition => ({ at: row.createdAt, id: row.id });

/**
 * Builds a page from `limit + 1` rows: the extra row only says there is a next page. Edges (a cursor
 * per row) are built when first read: most queries select only `nodes`, and encoding every cursor
 * showed in the work subgraph's profile.
 */
export function toConnection<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Connection<T> {
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  let edges: Connection<T>['edges'] | undefined;
  return {
    get edges() {
      edges ??= nodes.map((node) => ({ cursor: encodeCursor(position(node)), node }));
      return edges;
    },
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : encodeCursor(position(last)) },
  };
}
