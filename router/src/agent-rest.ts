/**
 * A small REST façade for OpenClaw agents (`/api/agent/…`, also under the reference product's
 * `/api/v1/agent/…`): heartbeat, the boards and tasks an agent works on, status changes, comments,
 * board memory and approval requests. No side door: every route is one GraphQL operation executed
 * through the router's own Apollo pipeline (limits, gateway, error masking) with the caller's `mca_`
 * token authenticated exactly like `/graphql`. Failures are JSON `{error: {code, message, …}}` with
 * an HTTP status derived from the stable code.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { BodyTooLargeError, CodedError, type Logger, REQUEST_ID_HEADER, readBody, sendJson } from '@mc/kit';
import type { Authenticator } from './auth/authenticator.ts';
import type { ClientAddressOf } from './auth/client-address.ts';
import type { IdentitySigner } from './auth/identity-signer.ts';
import { IdentityUnavailableError } from './auth/principal-client.ts';
import type { RouterContext } from './gateway.ts';

export const AGENT_REST_PREFIXES = ['/api/agent/', '/api/v1/agent/'] as const;

export const isAgentRestPath = (path: string) => AGENT_REST_PREFIXES.some((prefix) => path.startsWith(prefix));

export interface AgentRestDeps {
  apollo: ApolloServer<RouterContext>;
  authenticator: Authenticator;
  signer: IdentitySigner;
  /** The caller's address, signed into the identity like `/graphql` does (claim `ip`). */
  clientAddress: ClientAddressOf;
  logger: Logger;
  maxBodyBytes: number;
}

type Json = Record<string, unknown>;

/** A failure to answer with: the stable code decides the HTTP status. */
class RestError extends Error {
  readonly code: string;
  readonly details: Json;
  constructor(code: string, message: string, details: Json = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FIELD_FORBIDDEN: 403,
  ONLY_LEAD: 403,
  ASSIGNEE_MISMATCH: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** Domain rule refusals (TASK_BLOCKED, APPROVAL_REQUIRED, CONFLICT, version conflicts, …) are 409. */
export const httpStatusOf = (code: string) => STATUS_BY_CODE[code] ?? 409;

const TASK = `id title description status priority dueAt assigneeAgentId lastWorkerAgentId version blocked
  board { id } createdAt updatedAt`;
const COMMENT =
  'id body mentions resolvedMentions { token status agentId candidateAgentIds } author { kind id } createdAt';
const MEMORY = 'id kind body author { kind id } createdAt';
const APPROVAL = `id board { id } tasks { id } actionType payload confidence rubricScores { criterion score }
  reasoning status requestedBy { kind id } resolvedBy { kind id } resolvedAt resolutionNote createdAt`;
const FAILURE = '... on DomainError { code message field ids retryAfterSeconds }';
const PAGE = 'pageInfo { hasNextPage endCursor }';

interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  pattern: RegExp;
  run(call: Caller, params: string[], query: URLSearchParams, body: Json): Promise<unknown>;
}

/** Executes one operation as the agent; returns the data or throws the first error as a RestError. */
type Caller = (document: string, variables?: Json) => Promise<Json>;

const ID = '([0-9A-Za-z-]{1,64})';

const first = (query: URLSearchParams) => (query.has('limit') ? Number(query.get('limit')) : undefined);

/** A union result: the payload, or a RestError for its DomainError / TaskConflict member. */
function payload(result: unknown): Json {
  const value = result as Json & { __typename?: string };
  if (value.__typename === 'DomainError' || value.__typename === 'TaskConflict') {
    const { __typename, code, message, ...details } = value;
    throw new RestError(String(code), String(message), withoutNulls(details));
  }
  const { __typename, ...rest } = value;
  return rest;
}

const withoutNulls = (value: Json) => Object.fromEntries(Object.entries(value).filter(([, v]) => v != null));

/** The task, checked to be on the board named in the path (else NOT_FOUND, like another organization's). */
async function taskOnBoard(call: Caller, boardId: string, taskId: string): Promise<Json> {
  const data = await call(`query($id: ID!) { task(id: $id) { ${TASK} } }`, { id: taskId });
  const task = data.task as Json & { board: { id: string } };
  if (task.board.id !== boardId) throw new RestError('NOT_FOUND', 'Task not found', { ids: [taskId] });
  return task;
}

const text = (body: Json, ...names: string[]) => {
  for (const name of names) if (typeof body[name] === 'string') return body[name] as string;
  throw new RestError('BAD_USER_INPUT', `${names[0]} is required`, { field: names[0] });
};

const STATUSES = new Set(['INBOX', 'IN_PROGRESS', 'REVIEW', 'DONE']);
/** The reference product spells statuses in lower case (`in_progress`); GraphQL in upper case. */
const status = (value: unknown, field = 'status') => {
  const normalized = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!STATUSES.has(normalized)) {
    throw new RestError('BAD_USER_INPUT', `${field} must be one of inbox, in_progress, review, done`, { field });
  }
  return normalized;
};

const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^heartbeat$/,
    run: async (call) =>
      payload(
        (
          await call(`mutation { agentCheckIn { __typename ... on Agent { id name status checkedInAt board { id } }
            ${FAILURE} } }`)
        ).agentCheckIn,
      ),
  },
  {
    method: 'GET',
    pattern: /^boards$/,
    run: async (call, _params, query) => {
      const data = await call(
        `query($first: Int, $after: String) { boards(first: $first, after: $after) {
          nodes { id name description leadAgentId } ${PAGE} } }`,
        { first: first(query), after: query.get('after') },
      );
      return data.boards;
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^boards/${ID}$`),
    run: async (call, [boardId]) =>
      (
        await call(
          `query($id: ID!) { board(id: $id) { id name description leadAgentId taskCounts {
        inbox inProgress review done } } }`,
          { id: boardId },
        )
      ).board,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^boards/${ID}/tasks$`),
    run: async (call, [boardId], query) => {
      const statuses = query.getAll('status').flatMap((value) => value.split(','));
      const filter: Json = {};
      if (statuses.length > 0) filter.status = statuses.map((value) => status(value));
      if (query.has('assignee')) filter.assigneeAgentId = query.get('assignee');
      const data = await call(
        `query($id: ID!, $filter: TaskFilter, $first: Int, $after: String) { board(id: $id) {
          tasks(filter: $filter, first: $first, after: $after) { nodes { ${TASK} } ${PAGE} } } }`,
        { id: boardId, filter, first: first(query), after: query.get('after') },
      );
      return (data.board as Json).tasks;
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^boards/${ID}/tasks/${ID}$`),
    run: (call, [boardId, taskId]) => taskOnBoard(call, boardId, taskId),
  },
  {
    // The status change (with an optional comment), as the reference product's PATCH does.
    method: 'PATCH',
    pattern: new RegExp(`^boards/${ID}/tasks/${ID}$`),
    run: async (call, [boardId, taskId], _query, body) => {
      await taskOnBoard(call, boardId, taskId);
      const data = await call(
        `mutation($id: ID!, $status: TaskStatus!, $comment: String, $v: Int) {
          moveTask(id: $id, status: $status, comment: $comment, expectedVersion: $v) {
            __typename ... on Task { ${TASK} } ${FAILURE}
            ... on TaskConflict { code message current { ${TASK} } } } }`,
        {
          id: taskId,
          status: status(body.status),
          comment: typeof body.comment === 'string' ? body.comment : null,
          v: typeof body.expectedVersion === 'number' ? body.expectedVersion : null,
        },
      );
      return payload(data.moveTask);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^boards/${ID}/tasks/${ID}/comments$`),
    run: async (call, [boardId, taskId], query) => {
      await taskOnBoard(call, boardId, taskId);
      const data = await call(
        `query($id: ID!, $first: Int, $after: String) { task(id: $id) {
          comments(first: $first, after: $after) { nodes { ${COMMENT} } ${PAGE} } } }`,
        { id: taskId, first: first(query), after: query.get('after') },
      );
      return (data.task as Json).comments;
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^boards/${ID}/tasks/${ID}/comments$`),
    run: async (call, [boardId, taskId], _query, body) => {
      await taskOnBoard(call, boardId, taskId);
      const data = await call(
        `mutation($id: ID!, $body: String!) { addTaskComment(taskId: $id, body: $body) {
          __typename ... on TaskComment { ${COMMENT} } ${FAILURE} } }`,
        { id: taskId, body: text(body, 'message', 'body', 'content') },
      );
      return payload(data.addTaskComment);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^boards/${ID}/memory$`),
    run: async (call, [boardId], query) => {
      const kind = query.get('kind');
      const data = await call(
        `query($id: ID!, $kind: MemoryKind, $first: Int, $after: String) { board(id: $id) {
          memory(kind: $kind, first: $first, after: $after) { nodes { ${MEMORY} } ${PAGE} } } }`,
        { id: boardId, kind: kind ? kind.toUpperCase() : null, first: first(query), after: query.get('after') },
      );
      return (data.board as Json).memory;
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^boards/${ID}/memory$`),
    run: async (call, [boardId], _query, body) => {
      const kind = typeof body.kind === 'string' ? body.kind.toUpperCase() : 'NOTE';
      const data = await call(
        `mutation($id: ID!, $kind: MemoryKind!, $body: String!) { addBoardMemory(boardId: $id, kind: $kind, body: $body) {
          __typename ... on MemoryEntry { ${MEMORY} } ${FAILURE} } }`,
        { id: boardId, kind, body: text(body, 'content', 'body') },
      );
      return payload(data.addBoardMemory);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^boards/${ID}/approvals$`),
    run: async (call, [boardId], query) => {
      const data = await call(
        `query($filter: ApprovalFilter, $first: Int, $after: String) { approvals(filter: $filter, first: $first, after: $after) {
          nodes { ${APPROVAL} } ${PAGE} } }`,
        {
          filter: { boardId, ...(query.has('status') ? { status: query.get('status')?.toUpperCase() } : {}) },
          first: first(query),
          after: query.get('after'),
        },
      );
      return data.approvals;
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^boards/${ID}/approvals$`),
    run: async (call, [boardId], _query, body) => {
      const data = await call(
        `mutation($input: CreateApprovalInput!) { createApproval(input: $input) {
          __typename ... on Approval { ${APPROVAL} } ${FAILURE} } }`,
        {
          input: {
            boardId,
            taskIds: body.taskIds ?? (typeof body.taskId === 'string' ? [body.taskId] : []),
            actionType: body.actionType,
            payload: body.payload ?? null,
            confidence: body.confidence,
            rubricScores: body.rubricScores ?? null,
            reasoning: body.reasoning,
          },
        },
      );
      return payload(data.createApproval);
    },
  },
];

/** Handles one `/api/agent/…` request; returns the HTTP status sent. */
export async function handleAgentRest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: AgentRestDeps,
): Promise<number> {
  const requestId = header(req, REQUEST_ID_HEADER)?.slice(0, 100) || randomUUID();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  try {
    const prefix = AGENT_REST_PREFIXES.find((candidate) => path.startsWith(candidate)) ?? '';
    const rest = path.slice(prefix.length).replace(/\/+$/, '');
    const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(rest) })).filter(({ match }) => match);
    if (matching.length === 0) throw new RestError('NOT_FOUND', 'No such agent API path');
    const method = req.method === 'PUT' ? 'PATCH' : req.method;
    const found = matching.find(({ route }) => route.method === method);
    if (!found) {
      res.setHeader('allow', matching.map(({ route }) => route.method).join(', '));
      throw new RestError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here`);
    }
    const call = await callerFor(req, requestId, deps);
    const body = method === 'GET' ? {} : await jsonBody(req, deps.maxBodyBytes);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const data = await found.route.run(call, found.match?.slice(1) ?? [], query, body);
    const status = method === 'POST' && !/heartbeat$/.test(rest) ? 201 : 200;
    sendJson(res, status, data);
    return status;
  } catch (error) {
    return sendError(res, error, requestId, deps.logger);
  }
}

/** Authenticates the bearer (or the reference product's `X-Agent-Token`) like `/graphql`: agents only. */
async function callerFor(req: IncomingMessage, requestId: string, deps: AgentRestDeps): Promise<Caller> {
  const agentToken = header(req, 'x-agent-token');
  const authorization = header(req, 'authorization') ?? (agentToken ? `Bearer ${agentToken}` : undefined);
  if (!authorization)
    throw new RestError('UNAUTHENTICATED', 'An agent token is required (Authorization: Bearer mca_…)');
  const who = await deps.authenticator.authenticate({ authorization, organizationId: undefined });
  if (who.identity.kind !== 'agent') throw new RestError('FORBIDDEN', 'The agent API takes an agent token');
  const signedIdentity = await deps.signer.sign(who.identity, who.credentialExpiresAt, deps.clientAddress(req));
  return async (document, variables = {}) => {
    const response = await deps.apollo.executeOperation(
      { query: document, variables },
      { contextValue: { requestId, signedIdentity } },
    );
    if (response.body.kind !== 'single') throw new Error('unexpected incremental result');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const [first] = errors;
      const { code, ...details } = (first.extensions ?? {}) as Json;
      throw new RestError(String(code ?? 'INTERNAL_SERVER_ERROR'), first.message, withoutNulls(details));
    }
    return (data ?? {}) as Json;
  };
}

async function jsonBody(req: IncomingMessage, limit: number): Promise<Json> {
  const raw = await readBody(req, limit);
  if (raw.trim() === '') return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // answered below
  }
  throw new RestError('BAD_REQUEST', 'The body must be a JSON object');
}

function sendError(res: ServerResponse, error: unknown, requestId: string, logger: Logger): number {
  let code: string;
  let message: string;
  let details: Json = {};
  if (error instanceof RestError) {
    ({ code, message, details } = error);
  } else if (error instanceof BodyTooLargeError) {
    code = 'PAYLOAD_TOO_LARGE';
    message = 'Request body too large';
  } else if (error instanceof CodedError) {
    code = error.code;
    message = error.message;
  } else if (error instanceof IdentityUnavailableError) {
    code = 'SERVICE_UNAVAILABLE';
    message = 'Authentication is temporarily unavailable';
    res.setHeader('retry-after', '2');
  } else {
    logger.error({ err: error, requestId }, 'agent API request failed');
    code = 'SERVICE_UNAVAILABLE';
    message = 'The request could not be completed';
  }
  const status = httpStatusOf(code);
  if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  if (status === 429 && typeof details.retryAfterSeconds === 'number') {
    res.setHeader('retry-after', String(details.retryAfterSeconds));
  }
  sendJson(res, status, { error: { code, message, ...details } });
  return status;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
