/**
 * The agent REST façade through the production-shaped stack, with a real agent token issued by fleet
 * (identity): heartbeat, boards, tasks, status changes under work's rules, comments, board memory and
 * approval requests — each one GraphQL operation through the router, same rules and codes, errors as
 * JSON with HTTP statuses; people's tokens, missing tokens and other organizations are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminStack } from './support/admin-stack.ts';
import { sharedAdminStack } from './support/shared-stack.ts';

const CREATE_GATEWAY = `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
  __typename ... on Gateway { id } ... on DomainError { code field } } }`;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id } ... on DomainError { code field } } }`;
const ROTATE = `mutation($id: ID!) { rotateAgentToken(agentId: $id) { ... on AgentToken { token } } }`;
const CREATE_BOARD = `mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) {
  __typename ... on Task { id } ... on DomainError { code field } } }`;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

describe('agent REST API', () => {
  let admin: AdminStack;
  let base: string;

  beforeAll(async () => {
    admin = await sharedAdminStack();
    base = admin.stack.routerUrl.replace(/\/graphql$/, '');
  }, 180_000);

  afterAll(async () => {
    await admin?.stop();
  });

  const rest = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };

  /** An organization with a gateway, an agent of fleet with its token, and a board. */
  async function setUp(name: string) {
    const orgId = await admin.organization(name);
    const gateway = await admin.call(
      CREATE_GATEWAY,
      { input: { name: 'edge', url: 'ws://127.0.0.1:9', token: 'gateway-secret', workspaceRoot: '/srv/agents' } },
      orgId,
    );
    const agent = await admin.call(
      CREATE_AGENT,
      { input: { name: 'Worker', gatewayId: gateway.data.createGateway.id } },
      orgId,
    );
    const agentId: string = agent.data.createAgent.id;
    const token: string = (await admin.call(ROTATE, { id: agentId }, orgId)).data.rotateAgentToken.token;
    expect(token).toMatch(/^mca_/);
    const boardId: string = (
      await admin.call(CREATE_BOARD, { input: { name: `Board ${name}`, description: 'Work' } }, orgId)
    ).data.createBoard.id;
    return { orgId, agentId, token, boardId };
  }

  it('an agent heartbeats, reads its board, works a task, comments, writes memory and asks for approval', async () => {
    const { orgId, agentId, token, boardId } = await setUp('Agent REST');
    const task = await admin.call(
      CREATE_TASK,
      { input: { boardId, title: 'Write the report', assigneeAgentId: agentId } },
      orgId,
    );
    const taskId: string = task.data.createTask.id;

    const heartbeat = await rest('POST', '/api/agent/heartbeat', token);
    expect(heartbeat.status).toBe(200);
    expect(heartbeat.body).toMatchObject({ id: agentId, status: 'ONLINE' });
    expect(heartbeat.body.checkedInAt).toEqual(expect.any(String));

    const boards = await rest('GET', '/api/agent/boards', token);
    expect(boards.status).toBe(200);
    expect(boards.body.nodes.map((board: { id: string }) => board.id)).toEqual([boardId]);
    expect((await rest('GET', `/api/agent/boards/${boardId}`, token)).body.taskCounts).toMatchObject({ inbox: 1 });

    const inbox = await rest('GET', `/api/agent/boards/${boardId}/tasks?status=inbox`, token);
    expect(inbox.status).toBe(200);
    expect(inbox.body.nodes).toEqual([
      expect.objectContaining({ id: taskId, status: 'INBOX', assigneeAgentId: agentId }),
    ]);
    expect((await rest('GET', `/api/agent/boards/${boardId}/tasks?status=done`, token)).body.nodes).toEqual([]);

    const started = await rest('PATCH', `/api/agent/boards/${boardId}/tasks/${taskId}`, token, {
      status: 'in_progress',
      comment: 'On it',
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ id: taskId, status: 'IN_PROGRESS' });

    // Work's rules, same codes: a worker cannot finish a task on a board that wants approval for done.
    const done = await rest('PATCH', `/api/agent/boards/${boardId}/tasks/${taskId}`, token, { status: 'done' });
    expect(done.status).toBe(409);
    expect(done.body.error.code).toMatch(/^(APPROVAL_REQUIRED|REVIEW_REQUIRED|ONLY_LEAD)$/);
    // A stale version: TaskConflict → 409 with the code.
    const stale = await rest('PATCH', `/api/agent/boards/${boardId}/tasks/${taskId}`, token, {
      status: 'review',
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toEqual(expect.any(String));

    const comment = await rest('POST', `/api/agent/boards/${boardId}/tasks/${taskId}/comments`, token, {
      message: 'Draft ready @lead, cc @Worker',
    });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({
      body: 'Draft ready @lead, cc @Worker',
      author: { kind: 'AGENT', id: agentId },
      mentions: ['lead', 'Worker'],
    });
    // The answer says whom each @mention meant: the board has no lead; "Worker" is this agent.
    const resolved = [
      { token: 'lead', status: 'UNRESOLVED', agentId: null, candidateAgentIds: [] },
      { token: 'Worker', status: 'RESOLVED', agentId, candidateAgentIds: [] },
    ];
    expect(comment.body.resolvedMentions).toEqual(resolved);
    const comments = await rest('GET', `/api/agent/boards/${boardId}/tasks/${taskId}/comments`, token);
    expect(comments.body.nodes.map((c: { body: string }) => c.body)).toEqual([
      'On it',
      'Draft ready @lead, cc @Worker',
    ]);
    expect(comments.body.nodes[1].resolvedMentions).toEqual(resolved);
    expect(comments.body.nodes[0].resolvedMentions).toEqual([]);

    const note = await rest('POST', `/api/agent/boards/${boardId}/memory`, token, { content: 'Sources are in S3' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'NOTE', body: 'Sources are in S3' });
    const chat = await rest('POST', `/api/agent/boards/${boardId}/memory`, token, { content: 'hi', kind: 'chat' });
    expect(chat.body.kind).toBe('CHAT');
    const memory = await rest('GET', `/api/agent/boards/${boardId}/memory?kind=note`, token);
    expect(memory.body.nodes.map((m: { body: string }) => m.body)).toEqual(['Sources are in S3']);

    // Approval requests go to governance's createApproval with the agent identity: the assignee may ask.
    const approval = await rest('POST', `/api/agent/boards/${boardId}/approvals`, token, {
      taskIds: [taskId],
      actionType: 'task.done',
      confidence: 85,
      reasoning: 'The report is complete',
      payload: { summary: 'done' },
    });
    expect(approval.status, JSON.stringify(approval.body)).toBe(201);
    expect(approval.body).toMatchObject({
      status: 'PENDING',
      confidence: 85,
      tasks: [{ id: taskId }],
      requestedBy: { kind: 'AGENT', id: agentId },
    });
    const approvals = await rest('GET', `/api/agent/boards/${boardId}/approvals`, token);
    expect(approvals.body.nodes.map((a: { id: string }) => a.id)).toEqual([approval.body.id]);
    // A second request for the same task: one pending approval per task.
    const again = await rest('POST', `/api/agent/boards/${boardId}/approvals`, token, {
      taskIds: [taskId],
      actionType: 'task.done',
      confidence: 85,
      reasoning: 'Again',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', ids: [taskId] });

    // The reference product's paths and header work too.
    const legacy = await rest('POST', '/api/v1/agent/heartbeat', null, undefined, { 'x-agent-token': token });
    expect(legacy.status).toBe(200);
    expect(legacy.body.id).toBe(agentId);
  });

  it('refuses missing, people’s and unknown tokens, other organizations and bad input with JSON errors', async () => {
    const mine = await setUp('REST mine');
    const theirs = await setUp('REST theirs');
    const otherBoard = theirs.boardId;
    const task = await admin.call(CREATE_TASK, { input: { boardId: otherBoard, title: 'Theirs' } }, theirs.orgId);
    const theirTask: string = task.data.createTask.id;

    const anonymous = await rest('GET', '/api/agent/boards', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await rest('GET', '/api/agent/boards', 'mca_forged')).status).toBe(401);
    const person = await rest('GET', '/api/agent/boards', admin.stack.env.LOCAL_AUTH_TOKEN);
    expect(person.status).toBe(403);
    expect(person.body.error.code).toBe('FORBIDDEN');

    const foreign = await rest('GET', `/api/agent/boards/${otherBoard}/tasks`, mine.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const foreignTask = await rest('PATCH', `/api/agent/boards/${otherBoard}/tasks/${theirTask}`, mine.token, {
      status: 'in_progress',
    });
    expect(foreignTask.status).toBe(404);
    // A task named under another board than its own is NOT_FOUND, even in the caller's organization.
    const misplaced = await rest('GET', `/api/agent/boards/${mine.boardId}/tasks/${theirTask}`, theirs.token);
    expect(misplaced.status).toBe(404);
    const stranger = await rest('POST', `/api/agent/boards/${otherBoard}/memory`, mine.token, { content: 'x' });
    expect(stranger.status).toBe(404);
    // Approvals: only for tasks the agent is assigned (or on boards it leads); never another organization's.
    const ask = { taskIds: [theirTask], actionType: 'task.done', confidence: 50, reasoning: 'Please' };
    const notMine = await rest('POST', `/api/agent/boards/${otherBoard}/approvals`, theirs.token, ask);
    expect(notMine.status).toBe(403);
    expect(notMine.body.error).toMatchObject({ code: 'FORBIDDEN', ids: [theirTask] });
    expect((await rest('POST', `/api/agent/boards/${otherBoard}/approvals`, mine.token, ask)).status).toBe(404);

    const badStatus = await rest('PATCH', `/api/agent/boards/${otherBoard}/tasks/${theirTask}`, theirs.token, {
      status: 'finished',
    });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    const emptyNote = await rest('POST', `/api/agent/boards/${otherBoard}/memory`, theirs.token, { content: '' });
    expect(emptyNote.status).toBe(400);
    expect(emptyNote.body.error.code).toBe('BAD_USER_INPUT');
    const noMessage = await rest(
      'POST',
      `/api/agent/boards/${otherBoard}/tasks/${theirTask}/comments`,
      theirs.token,
      {},
    );
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'message' });
    const notJson = await fetch(`${base}/api/agent/boards/${otherBoard}/memory`, {
      method: 'POST',
      headers: { authorization: `Bearer ${theirs.token}`, 'content-type': 'application/json' },
      body: '[1, 2',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('BAD_REQUEST');

    const unknown = await rest('GET', '/api/agent/nothing-here', theirs.token);
    expect(unknown.status).toBe(404);
    const wrongMethod = await rest('DELETE', '/api/agent/heartbeat', theirs.token);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});
