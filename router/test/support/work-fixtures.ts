/**
 * Builders for the work-rules e2e suites: one production-shaped stack (with an OIDC router for
 * people other than the local admin), and callers for every kind of identity the rules tell apart —
 * the local admin, invited members with board grants (OIDC), and agents with real agent tokens
 * minted through identity. Every suite makes its own organizations, boards and tasks.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, expect } from 'vitest';
import WebSocket from 'ws';
import { bearer, gql } from './processes.ts';
import { sharedStackWithOidc } from './shared-stack.ts';
import { type StackWithOidc, startStackWithOidc } from './stack-with-oidc.ts';

/** Sends one GraphQL operation as some identity and returns the response body. */
export type Call = (query: string, variables?: Record<string, unknown>) => Promise<any>;

export interface Agent {
  agentId: string;
  token: string;
  call: Call;
}

export interface Grant {
  boardId: string;
  permission: 'READ' | 'WRITE';
}

export interface WorkStack {
  env: StackWithOidc;
  /** The local admin (owner of the organizations it creates) acting in `orgId`. */
  admin(orgId: string): Call;
  /** The first thing a subscription answers over the router's graphql-ws socket. */
  subscribeOnce(
    credentials: { token: string; orgId?: string },
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<SubscriptionAnswer>;
  organization(name: string): Promise<string>;
  /** A board created by the local admin; rule toggles default to the board's defaults. */
  board(orgId: string, input?: Record<string, unknown>): Promise<string>;
  task(orgId: string, boardId: string, input?: Record<string, unknown>): Promise<string>;
  /** A person signed in with OIDC who accepted an invite with this role and these grants. */
  member(
    orgId: string,
    role: 'MEMBER' | 'ADMIN',
    access?: { boards?: Grant[]; allBoardsWrite?: boolean },
  ): Promise<Call>;
  /** An agent of `orgId` with a real agent token (`agentId` random unless given). */
  agent(orgId: string, agentId?: string): Promise<Agent>;
  /** Sets the board's lead agent. */
  lead(orgId: string, boardId: string, agentId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkStack(): Promise<WorkStack> {
  return workStackOn(await startStackWithOidc());
}

/** The same helpers on the worker's shared stack (its `stop()` leaves the stack running for other files). */
export async function sharedWorkStack(): Promise<WorkStack> {
  return workStackOn(await sharedStackWithOidc());
}

/**
 * One set-up for the files that run on the shared stack with these helpers: in a `describe`, takes the
 * stack before its tests and releases it after them (it keeps running for other files). The helpers
 * answer only inside tests and hooks, once the stack is there.
 */
export function useSharedWorkStack(): WorkStack {
  let work: WorkStack | undefined;
  // Five subgraphs and two routers start cold on a loaded 2-core machine: minutes.
  beforeAll(async () => {
    work = await sharedWorkStack();
  }, 360_000);
  afterAll(async () => {
    await work?.stop();
  });
  const current = () => {
    if (!work) throw new Error('the shared work stack is not started yet (used outside a test or hook?)');
    return work;
  };
  return {
    get env() {
      return current().env;
    },
    admin: (orgId) => current().admin(orgId),
    subscribeOnce: (credentials, query, variables) => current().subscribeOnce(credentials, query, variables),
    organization: (name) => current().organization(name),
    board: (orgId, input) => current().board(orgId, input),
    task: (orgId, boardId, input) => current().task(orgId, boardId, input),
    member: (orgId, role, access) => current().member(orgId, role, access),
    agent: (orgId, agentId) => current().agent(orgId, agentId),
    lead: (orgId, boardId, agentId) => current().lead(orgId, boardId, agentId),
    stop: async () => {},
  };
}

function workStackOn(env: StackWithOidc): WorkStack {
  const { stack, oidc, oidcRouter } = env;
  const caller =
    (url: string, headers: Record<string, string>): Call =>
    async (query, variables = {}) =>
      (await gql(url, query, variables, headers)).body;
  const admin = (orgId: string) => caller(stack.routerUrl, bearer(stack.env.LOCAL_AUTH_TOKEN, orgId));
  const adminAnywhere = caller(stack.routerUrl, bearer(stack.env.LOCAL_AUTH_TOKEN));

  return {
    env,
    admin,
    subscribeOnce: (credentials, query, variables = {}) =>
      subscribeOnce(stack.routerUrl, credentials, query, variables),
    async organization(name) {
      const created = await adminAnywhere(
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
        { input: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}` } },
      );
      return created.data.createOrganization.id;
    },
    async board(orgId, input = {}) {
      const created = await admin(orgId)(
        `mutation($input: CreateBoardInput!) { createBoard(input: $input) {
          __typename ... on Board { id } ... on DomainError { code field } } }`,
        { input: { name: `Board ${randomUUID().slice(0, 8)}`, description: 'Work', ...input } },
      );
      expect(created.data?.createBoard, JSON.stringify(created)).toMatchObject({ __typename: 'Board' });
      return created.data.createBoard.id;
    },
    async task(orgId, boardId, input = {}) {
      const created = await admin(orgId)(
        `mutation($input: CreateTaskInput!) { createTask(input: $input) {
          __typename ... on Task { id } ... on DomainError { code field ids } } }`,
        { input: { boardId, title: 'Task', ...input } },
      );
      expect(created.data?.createTask, JSON.stringify(created)).toMatchObject({ __typename: 'Task' });
      return created.data.createTask.id;
    },
    async member(orgId, role, access = {}) {
      const sub = `user-${randomUUID()}`;
      const email = `${sub}@example.test`;
      const invite = await admin(orgId)(
        `mutation($input: CreateInviteInput!) { createInvite(input: $input) {
          __typename ... on CreatedInvite { token } ... on DomainError { code message } } }`,
        { input: { organizationId: orgId, email, role, ...access } },
      );
      expect(invite.data?.createInvite, JSON.stringify(invite)).toMatchObject({ __typename: 'CreatedInvite' });
      const token = await oidc.sign({ sub, email, name: sub }, { expiresIn: '1h' });
      const accepted = await caller(oidcRouter, bearer(token))(
        'mutation($t: String!) { acceptInvite(token: $t) { __typename ... on DomainError { code } } }',
        { t: invite.data.createInvite.token },
      );
      expect(accepted.data?.acceptInvite, JSON.stringify(accepted)).toEqual({ __typename: 'Member' });
      return caller(oidcRouter, bearer(token, orgId));
    },
    async agent(orgId, agentId = randomUUID()) {
      const created = await admin(orgId)(
        `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
          __typename ... on CreatedMachineCredential { token } ... on DomainError { code } } }`,
        { input: { organizationId: orgId, agentId, name: `agent ${agentId.slice(0, 8)}` } },
      );
      const token: string = created.data?.createAgentToken.token;
      expect(token).toMatch(/^mca_/);
      return { agentId, token, call: caller(stack.routerUrl, bearer(token)) };
    },
    async lead(orgId, boardId, agentId) {
      const set = await admin(orgId)(
        `mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) {
          __typename ... on Board { leadAgentId } } }`,
        { id: boardId, input: { leadAgentId: agentId } },
      );
      expect(set.data?.updateBoard).toEqual({ __typename: 'Board', leadAgentId: agentId });
    },
    stop: () => env.stop(),
  };
}

/** A subscription's first answer: an event, the error that ended it, or nothing within the wait. */
export type SubscriptionAnswer =
  | { kind: 'next'; data: unknown; errors?: { extensions?: Record<string, unknown> }[] }
  | { kind: 'error'; code: string | undefined; error: unknown }
  | { kind: 'complete' }
  | { kind: 'silent' };

/** Subscribes over graphql-ws with `Authorization` in the connection params; waits ≤ `waitMs`. */
export async function subscribeOnce(
  url: string,
  credentials: { token: string; orgId?: string },
  query: string,
  variables: Record<string, unknown>,
  waitMs = 5_000,
): Promise<SubscriptionAnswer> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: {
      authorization: `Bearer ${credentials.token}`,
      ...(credentials.orgId ? { 'x-organization-id': credentials.orgId } : {}),
    },
    retryAttempts: 0,
  });
  try {
    return await new Promise<SubscriptionAnswer>((done) => {
      const timer = setTimeout(() => done({ kind: 'silent' }), waitMs);
      const finish = (answer: SubscriptionAnswer) => {
        clearTimeout(timer);
        done(answer);
      };
      client.subscribe(
        { query, variables },
        {
          next: (result) => {
            const errors = result.errors as { extensions?: Record<string, unknown> }[] | undefined;
            if (errors?.length && !result.data) {
              finish({ kind: 'error', code: errors[0].extensions?.code as string | undefined, error: errors });
            } else finish({ kind: 'next', data: result.data, errors });
          },
          error: (error) => {
            const list = Array.isArray(error) ? (error as { extensions?: Record<string, unknown> }[]) : [];
            finish({ kind: 'error', code: list[0]?.extensions?.code as string | undefined, error });
          },
          complete: () => finish({ kind: 'complete' }),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** What a task mutation answers, whichever member of its union it is. */
export const TASK_RESULT = `__typename
  ... on Task { id status version assigneeAgentId lastWorkerAgentId blocked }
  ... on DomainError { code field ids }`;
/** The same for mutations that take an `expectedVersion` (their union has `TaskConflict`). */
export const VERSIONED_RESULT = `${TASK_RESULT}
  ... on TaskConflict { code message current { id version status title } }`;

export const MOVE = `mutation($id: ID!, $status: TaskStatus!, $comment: String, $v: Int) {
  moveTask(id: $id, status: $status, comment: $comment, expectedVersion: $v) { ${VERSIONED_RESULT} } }`;
export const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!, $v: Int) {
  updateTask(id: $id, input: $input, expectedVersion: $v) { ${VERSIONED_RESULT} } }`;
export const SET_DEPENDENCIES = `mutation($id: ID!, $deps: [ID!]!, $v: Int) {
  setTaskDependencies(taskId: $id, dependsOn: $deps, expectedVersion: $v) { ${VERSIONED_RESULT} } }`;
export const ATTACH_TAGS = `mutation($id: ID!, $tags: [ID!]!, $v: Int) {
  attachTaskTags(taskId: $id, tagIds: $tags, expectedVersion: $v) { ${VERSIONED_RESULT} } }`;
export const DETACH_TAGS = `mutation($id: ID!, $tags: [ID!]!, $v: Int) {
  detachTaskTags(taskId: $id, tagIds: $tags, expectedVersion: $v) { ${VERSIONED_RESULT} } }`;
export const SET_FIELDS = `mutation($id: ID!, $values: [CustomFieldValueInput!]!, $v: Int) {
  setTaskCustomFieldValues(taskId: $id, values: $values, expectedVersion: $v) { ${VERSIONED_RESULT} } }`;
export const ADD_COMMENT = `mutation($id: ID!, $body: String!) { addTaskComment(taskId: $id, body: $body) {
  __typename ... on TaskComment { id body mentions author { kind id } } ... on DomainError { code field ids } } }`;
export const UPDATE_BOARD = `mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) {
  __typename ... on Board { id } ... on DomainError { code field ids } } }`;
export const CREATE_BOARD = `mutation($input: CreateBoardInput!) { createBoard(input: $input) {
  __typename ... on Board { id kind goalConfirmed maxAgents } ... on DomainError { code field ids } } }`;
export const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) {
  __typename ... on Tag { id slug color } ... on DomainError { code field ids } } }`;
export const CREATE_APPROVAL = `mutation($input: CreateApprovalInput!) { createApproval(input: $input) {
  __typename ... on Approval { id status } ... on DomainError { code field ids } } }`;

/** How long to wait for a durable event to reach its consumer (the machine may be busy). */
export const EVENTUALLY = { timeout: 30_000, interval: 250 };

/** The code of the first GraphQL error (thrown access failures, query errors), if any. */
export const errorCode = (body: any): string | undefined => body.errors?.[0]?.extensions?.code;
