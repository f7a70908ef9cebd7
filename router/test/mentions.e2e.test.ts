/**
 * @mentions resolved to agents through the router, with agents created, renamed and deleted through
 * fleet (work learns them from fleet's events): first name, quoted full name, `@lead`, an unknown
 * name (unresolved, no error), an ambiguous first name (candidates, no guess), a renamed agent by its
 * new name, a deleted agent no more; each mentioned agent gets one `work.agentMentioned` event
 * (seen on the timeline). A mentioned agent is told: fleet delivers the mention to the agent's main
 * session on its gateway (the OpenClaw simulator as a process), once, with the author, the task and
 * the board.
 */
import { describe, expect, it } from 'vitest';
import {
  checkInWhenWoken,
  createAgent,
  mainSession,
  simulatorGateway,
  useNoticeStack,
} from './support/agent-notice-fixtures.ts';
import { bearer, gql } from './support/processes.ts';

const GATEWAY_TOKEN = 'simulated-gateway-token-mentions';

const CREATE_GATEWAY = `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
  __typename ... on Gateway { id } ... on DomainError { code field } } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { addTaskComment(taskId: $taskId, body: $body) {
  __typename ... on TaskComment { id mentions resolvedMentions { token status agentId candidateAgentIds agent { id name } } }
  ... on DomainError { code } } }`;

describe('@mentions through the router', () => {
  const mc = useNoticeStack(GATEWAY_TOKEN);

  it('resolves first names, full names and @lead to fleet’s agents, follows renames and deletions', async () => {
    const { admin } = mc;
    const orgId = await admin.organization('Mentions');
    const call = (query: string, variables: Record<string, unknown> = {}) => admin.call(query, variables, orgId);
    const gatewayId = (
      await call(CREATE_GATEWAY, {
        input: { name: 'edge', url: 'ws://127.0.0.1:9', token: 'gateway-secret', workspaceRoot: '/srv/agents' },
      })
    ).data.createGateway.id;
    const agent = (name: string) => createAgent(admin, orgId, gatewayId, name);
    const ada = await agent('Ada Lovelace');
    const grace = await agent('Grace Hopper');
    const graceKelly = await agent('Grace Kelly');
    const alan = await agent('Alan Turing');
    const boardId = (
      await call(`mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`, {
        input: { name: 'Mentions', description: 'Who is who' },
      })
    ).data.createBoard.id;
    const led = await call(
      `mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) { __typename } }`,
      { id: boardId, input: { leadAgentId: alan } },
    );
    expect(led.data.updateBoard.__typename).toBe('Board');
    const taskId = (
      await call(`mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on Task { id } } }`, {
        input: { boardId, title: 'Talk' },
      })
    ).data.createTask.id;
    const comment = async (body: string) => {
      const result = await call(COMMENT, { taskId, body });
      expect(result.data?.addTaskComment, JSON.stringify(result)).toMatchObject({ __typename: 'TaskComment' });
      return result.data.addTaskComment;
    };
    const statusOf = async (body: string) =>
      (await comment(body)).resolvedMentions.map((m: any) => [m.token, m.status, m.agentId]);

    // Fleet's events reach work asynchronously: the first comment is retried until work knows Grace Kelly.
    await expect
      .poll(async () => (await comment('@"Grace Kelly"')).resolvedMentions[0].agentId, { timeout: 15_000 })
      .toBe(graceKelly);

    const first = await comment('@ada and @"grace hopper", ask @lead; cc @Nobody and @Grace');
    expect(first.mentions).toEqual(['ada', 'grace hopper', 'lead', 'Nobody', 'Grace']);
    expect(first.resolvedMentions).toEqual([
      {
        token: 'ada',
        status: 'RESOLVED',
        agentId: ada,
        candidateAgentIds: [],
        agent: { id: ada, name: 'Ada Lovelace' },
      },
      {
        token: 'grace hopper',
        status: 'RESOLVED',
        agentId: grace,
        candidateAgentIds: [],
        agent: { id: grace, name: 'Grace Hopper' },
      },
      {
        token: 'lead',
        status: 'RESOLVED',
        agentId: alan,
        candidateAgentIds: [],
        agent: { id: alan, name: 'Alan Turing' },
      },
      { token: 'Nobody', status: 'UNRESOLVED', agentId: null, candidateAgentIds: [], agent: null },
      {
        token: 'Grace',
        status: 'AMBIGUOUS',
        agentId: null,
        candidateAgentIds: [grace, graceKelly].sort(),
        agent: null,
      },
    ]);

    // One work.agentMentioned per mentioned agent, on the timeline under the task.
    const mentioned = async () =>
      (
        await call(
          `query($filter: ActivityFilter) { activity(filter: $filter, first: 100) { edges { node { targetId after } } } }`,
          { filter: { taskId, types: ['work.agentMentioned'] } },
        )
      ).data.activity.edges.map((edge: any) => edge.node.targetId);
    await expect.poll(mentioned, { timeout: 15_000 }).toEqual(expect.arrayContaining([ada, grace, alan, graceKelly]));

    // Renamed in fleet: the new name resolves, the old one no more.
    const renamed = await call(
      `mutation($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { __typename } }`,
      { id: ada, input: { name: 'Augusta King' } },
    );
    expect(renamed.data.updateAgent.__typename).toBe('Agent');
    await expect.poll(() => statusOf('@Augusta'), { timeout: 15_000 }).toEqual([['Augusta', 'RESOLVED', ada]]);
    expect(await statusOf('@"Ada Lovelace"')).toEqual([['Ada Lovelace', 'UNRESOLVED', null]]);

    // Deleted in fleet: no longer a candidate (Grace is now only Grace Kelly).
    const deleted = await call('mutation($id: ID!) { deleteAgent(id: $id) { __typename } }', { id: grace });
    expect(deleted.errors).toBeUndefined();
    await expect.poll(() => statusOf('@Grace'), { timeout: 15_000 }).toEqual([['Grace', 'RESOLVED', graceKelly]]);
    expect(await statusOf('@"Grace Hopper"')).toEqual([['Grace Hopper', 'UNRESOLVED', null]]);
  });

  it('tells the mentioned agent on its gateway: author, task, board and the comment, once', async () => {
    const { admin, simulator } = mc;
    const orgId = await admin.organization('Mentions delivered');
    const call = (query: string, variables: Record<string, unknown> = {}) => admin.call(query, variables, orgId);
    const url = admin.stack.routerUrl;
    const gatewayId = await simulatorGateway(admin, orgId, simulator);
    const tokenOf = async (agentId: string) =>
      (
        await call(`mutation($id: ID!) { rotateAgentToken(agentId: $id) { ... on AgentToken { token } } }`, {
          id: agentId,
        })
      ).data.rotateAgentToken.token as string;
    const mira = await createAgent(admin, orgId, gatewayId, 'Mira Mentioned');
    const lead = await createAgent(admin, orgId, gatewayId, 'Lena Lead');
    // Fleet provisions Mira on the simulator and wakes her; she checks in with her token: ONLINE.
    await checkInWhenWoken(admin, orgId, mira);

    const boardId = (
      await call(`mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`, {
        input: { name: 'Launch', description: 'The launch' },
      })
    ).data.createBoard.id;
    await call(`mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) { __typename } }`, {
      id: boardId,
      input: { leadAgentId: lead },
    });
    const taskId = (
      await call(`mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on Task { id } } }`, {
        input: { boardId, title: 'Write the launch notes' },
      })
    ).data.createTask.id;

    // The board's lead writes the comment (its agent token); work may not know Mira's name yet: retried.
    const leadHeaders = bearer(await tokenOf(lead));
    const body = '@Mira please review the draft before Friday';
    let commentId = '';
    await expect
      .poll(
        async () => {
          const result = await gql(url, COMMENT, { taskId, body }, leadHeaders);
          const written = result.body.data?.addTaskComment;
          if (written?.resolvedMentions?.[0]?.status === 'RESOLVED') commentId = written.id;
          return written?.resolvedMentions?.[0]?.agentId ?? JSON.stringify(result.body);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(mira);

    // What Mira's main session on the gateway received.
    const session = mainSession(simulator, mira, 'mentioned you');
    const { told } = session;
    try {
      await expect
        .poll(async () => (await told()).length, { timeout: 30_000, interval: 250 })
        .toBeGreaterThanOrEqual(1);
      const [message] = await told();
      expect(message.text).toContain('Lena Lead mentioned you (@Mira)');
      expect(message.text).toContain('task "Write the launch notes"');
      expect(message.text).toContain('board "Launch"');
      expect(message.text).toContain(body);
      expect(message.text).toContain(`Board ${boardId}, task ${taskId}, comment ${commentId}`);
      // Once: no second delivery of the same mention (the retried comments that did not resolve Mira told nobody).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await told()).toHaveLength(1);

      // A person mentioning her: she is told their display name (the local admin's), not an e-mail.
      const thanks = await call(COMMENT, { taskId, body: '@Mira thanks for the review' });
      expect(thanks.data.addTaskComment.resolvedMentions[0]).toMatchObject({ status: 'RESOLVED', agentId: mira });
      await expect.poll(async () => (await told()).length, { timeout: 30_000, interval: 250 }).toBe(2);
      const [, second] = await told();
      expect(second.text).toContain('Local admin mentioned you (@Mira)');
      expect(second.text).toContain('@Mira thanks for the review');
    } finally {
      await session.close();
    }
  }, 240_000);
});
