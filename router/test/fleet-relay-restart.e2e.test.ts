/**
 * A held chat message survives a fleet restart, end to end with real processes: an agent on a dial-in
 * gateway (the simulator behind a gateway bridge) is ONLINE; its bridge stops (the gateway is down), an H5
 * user sends, fleet holds the message; fleet restarts; the bridge comes back — the agent's reply arrives,
 * once, live and in the history. Production mode (PostgreSQL + Redis): the held jobs are BullMQ jobs, and the
 * fleet process alone is stopped and started again on its port. Embedded mode (one process, PGlite on disk):
 * they are rows of the database job queue, and the whole process restarts on its data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayBridge } from '../../ops/gateway-bridge/bridge.ts';
import { type AdminStack, startAdminStack } from './support/admin-stack.ts';
import {
  chatSession,
  checkInAgent,
  createOrganization,
  gatewayBridge,
  registerDialInGateway,
  simulatorLink,
} from './support/chat-fixtures.ts';
import { bearer, type EmbeddedStack, gql, spawnNode, startEmbedded, tempDir } from './support/processes.ts';
import { useSimulator } from './support/simulator.ts';
import { connect, type TestSocket } from './support/subscription-fixtures/client.ts';

const GATEWAY_TOKEN = 'simulated-gateway-token-relay-restart';
const GRACE_MS = 1_500;
const MESSAGE = 'id sequence author text status runId error';
const AGENT = `query($id: ID!) { agent(id: $id) { status lastError } }`;
const SUBGRAPH_ENV = {
  DIAL_IN_FOLLOWER_GRACE_MS: String(GRACE_MS),
  GATEWAY_REQUEST_TIMEOUT_MS: '3000',
  CHAT_RELAY_RETRY_MS: '200',
  CHAT_RELAY_RETRY_MAX_MS: '1000',
  CHAT_RELAY_HOLD_SECONDS: '180',
};

/** A running Mission Control as the scenario drives it: its router URL, the local admin's token, a restart. */
interface Deployment {
  url: () => string;
  token: string;
  restart: () => Promise<void>;
  /** The restarted process's recent output, shown if the reply never arrives. */
  output: () => string;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The scenario: gateway down → sent and held → fleet restarted → gateway back → the reply arrives once. */
async function heldAcrossRestart(mc: Deployment, simulatorUrl: string, sockets: TestSocket[]): Promise<void> {
  const orgId = await createOrganization(mc.url(), mc.token, 'Restart');
  const admin = bearer(mc.token, orgId);
  const adminCall = async (query: string, variables: Record<string, unknown>) =>
    (await gql(mc.url(), query, variables, admin)).body as any;
  const { credential, gateway } = await registerDialInGateway(mc.url(), admin, 'restart');
  const local = simulatorLink(simulatorUrl, GATEWAY_TOKEN);
  const bridge = () => gatewayBridge(mc.url(), credential, local);
  let first: GatewayBridge | null = bridge();
  let second: GatewayBridge | null = null;
  await first.start();
  try {
    const created = await adminCall(
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { ... on Agent { id } } }`,
      { input: { name: 'Rex', gatewayId: gateway.id } },
    );
    const agentId: string = created.data.createAgent.id;
    // Provisioning through the bridge is router/test/fleet-dial-in.e2e.test.ts's; made here too (idempotent).
    await local.createAgent({ agentId: `mc-${agentId}`, name: 'Rex' });
    expect(await checkInAgent(mc.url(), admin, agentId)).toEqual({ __typename: 'Agent', status: 'ONLINE' });

    // An H5 user assigned to the agent, with a session.
    const { h5, assignment, sessionId } = await chatSession(mc.url(), admin, orgId, agentId, {
      displayName: 'Rita',
      emailPrefix: 'restart',
      online: true,
    });
    expect(assignment.agent.online).toBe(true);

    // The gateway goes down: its bridge stops, and past the grace nobody follows its inbox.
    await first.stop();
    first = null;
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 500));
    const sent = await gql(
      mc.url(),
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on ChatMessage { ${MESSAGE} } } }`,
      { input: { sessionId, clientMessageId: 'rita-1', text: 'Are you there, Rex?' } },
      h5,
    );
    expect(sent.body.data.sendMessage).toMatchObject({ __typename: 'ChatMessage', status: 'SENT' });
    // Fleet tried and holds it: the unreachable gateway took the agent OFFLINE.
    const held = await eventually(
      async () => (await adminCall(AGENT, { id: agentId })).data.agent,
      (agent) => agent.status === 'OFFLINE',
    );
    expect(held).toMatchObject({ status: 'OFFLINE', lastError: expect.stringContaining('gateway unreachable') });

    await mc.restart();

    // The gateway back: a bridge follows its inbox again.
    second = bridge();
    await second.start();
    const socket = connect(mc.url(), { authorization: h5.authorization });
    sockets.push(socket);
    const live = socket.subscribe(
      `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
        type message { ${MESSAGE} } } }`,
      { sessionId, after: 0 },
    );
    const expected = `Hello from mc-${agentId} on the simulated gateway. You said: Are you there, Rex?`;
    const all = await eventually(
      async () => live.results.map((result) => result.data.chatEvents),
      (list) => list.some((event) => event.type === 'MESSAGE_CREATED' && event.message.author === 'AGENT'),
      // Alone this takes seconds; on a slow 2-core machine in the full suite it once took over a minute.
      120_000,
    );
    const replies = all.filter((event) => event.type === 'MESSAGE_CREATED' && event.message.author === 'AGENT');
    expect(
      replies.map((event) => event.message),
      mc.output().slice(-6_000),
    ).toEqual([expect.objectContaining({ text: expected, status: 'SENT', runId: sent.body.data.sendMessage.id })]);
    // Once: a while later the history still holds one reply.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const history = await gql(
      mc.url(),
      `query($id: ID!) { chatSession(id: $id) { messages(first: 10) { nodes { author text } } } }`,
      { id: sessionId },
      h5,
    );
    expect(history.body.data.chatSession.messages.nodes).toEqual([
      { author: 'H5_USER', text: 'Are you there, Rex?' },
      { author: 'AGENT', text: expected },
    ]);
    expect((await adminCall(AGENT, { id: agentId })).data.agent.status).toBe('ONLINE');
    live.unsubscribe();
  } finally {
    await first?.stop();
    await second?.stop();
    await local.close();
  }
}

describe('a held relay message survives a fleet restart', () => {
  const simulator = useSimulator(GATEWAY_TOKEN);
  const sockets: TestSocket[] = [];

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
  });

  describe('production mode: the fleet process restarted (BullMQ)', () => {
    let admin: AdminStack;
    beforeAll(async () => {
      admin = await startAdminStack({ subgraphEnv: SUBGRAPH_ENV });
    }, 300_000);
    afterAll(() => admin?.stop());

    /** Stops the fleet process and starts it again with the same settings on the same port. */
    async function restartFleet() {
      const { stack } = admin;
      const fleet = stack.procs.find((proc) =>
        proc.child.spawnargs.some((arg) => arg.endsWith('subgraphs/fleet/src/server.ts')),
      );
      if (!fleet) throw new Error('no fleet process in the stack');
      await fleet.stop();
      const urls = Object.fromEntries(
        Object.entries(stack.subgraphUrls).map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, url]),
      );
      const port = new URL(stack.subgraphUrls.fleet as string).port;
      const { proc, ready } = spawnNode(
        'subgraphs/fleet/src/server.ts',
        { ...stack.env, ...urls, LOG_LEVEL: 'info', ...SUBGRAPH_ENV, PORT: port },
        /subgraph listening/,
        120_000,
      );
      stack.procs.push(proc);
      await ready;
    }

    it('gateway down → sent and held → fleet restarted → gateway back → the reply arrives once', async () => {
      const fleetOutput = () =>
        admin.stack.procs
          .filter((proc) => proc.child.spawnargs.some((arg) => arg.endsWith('subgraphs/fleet/src/server.ts')))
          .map((proc) => proc.output())
          .join('\n');
      await heldAcrossRestart(
        {
          url: () => admin.stack.routerUrl,
          token: admin.stack.env.LOCAL_AUTH_TOKEN,
          restart: restartFleet,
          output: fleetOutput,
        },
        simulator.url,
        sockets,
      );
    }, 300_000);
  });

  describe('embedded mode: the whole process restarted on its data folder (database job queue)', () => {
    let stack: EmbeddedStack;
    let token: string;
    beforeAll(async () => {
      stack = await startEmbedded(tempDir('relay-restart'), SUBGRAPH_ENV);
      token = stack.token;
    }, 180_000);
    afterAll(() => stack?.stop());

    it('gateway down → sent and held → restarted → gateway back → the reply arrives once', async () => {
      const restart = async () => {
        await stack.stop();
        stack = await startEmbedded(stack.dataDir, SUBGRAPH_ENV);
      };
      await heldAcrossRestart(
        { url: () => stack.url, token, restart, output: () => stack.proc.output() },
        simulator.url,
        sockets,
      );
    }, 300_000);
  });
});
