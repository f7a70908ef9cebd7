/**
 * Dial-in against the REAL OpenClaw gateway (`openclaw@2026.9.6` from ops/openclaw, started isolated on
 * loopback with the fake OpenAI-compatible model): a gateway registered without a URL, the gateway
 * bridge (`ops/gateway-bridge`) beside the real gateway — device-less on loopback, as `main.ts` runs it —
 * following the inbox over graphql-ws from fleet served on loopback. Fleet provisions an agent through the
 * inbox (created on the gateway, workspace files written, session, wake), the agent checks in, and a chat
 * message relayed through the inbox gets the fake model's answer back as `fleet.agentReply` (streamed
 * parts, one final), the chat events coming up through the bridge's `gatewayEvent`. Heavy (a ~1 GB
 * gateway, 12–45 s start-up): PostgreSQL only, one scenario.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DialOutLink } from '@mc/gateway-link';
import type { DomainEvent, ServedSubgraph } from '@mc/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentText, type FakeModel, startFakeModel } from '../../../ops/openclaw/fake-model.ts';
import { type OpenClawGateway, startOpenClawGateway } from '../../../ops/openclaw/gateway.ts';
import { ensureOpenClawInstalled } from '../../../ops/openclaw/install.ts';
import type { AgentReply } from '../src/domain-events.ts';
import { serveFleet, startBridge } from './dial-in-fixtures.ts';
import {
  agentIdentity,
  chatMessage,
  collectEvents,
  type FleetStack,
  makeOrg,
  registerGateway,
  startFleetStack,
  wakeAnswered,
} from './fixtures.ts';

const START_TIMEOUT_MS = 420_000;
const TURN_TIMEOUT_MS = 180_000;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts lastError } }`;
const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;
const CONNECTION = `query($id: ID!) { gateway(id: $id) { connection { state transport } } }`;

/** `PONG <token>` for the last `PING-<token>` a user sent; anything else (the wake message) is acknowledged. */
function reply(request: { messages: Array<{ role: string; content: unknown }> }): string {
  const users = request.messages.filter((m) => m.role === 'user').map((m) => contentText(m.content));
  const ping = users.map((text) => /PING-(\w+)/.exec(text)?.[1]).findLast(Boolean);
  return ping ? `PONG ${ping}` : 'Awake.';
}

describe('dial-in: the gateway bridge in front of the real OpenClaw gateway', () => {
  let model: FakeModel;
  let gateway: OpenClawGateway;
  let stack: FleetStack;
  let served: ServedSubgraph;
  let local: DialOutLink;
  const replies: DomainEvent<AgentReply>[] = [];

  beforeAll(async () => {
    const install = await ensureOpenClawInstalled();
    model = await startFakeModel(reply);
    gateway = await startOpenClawGateway({ install, modelBaseUrl: model.baseUrl });
    // The bridge's local link, as `ops/gateway-bridge/main.ts` makes it: device-less on loopback. Connecting
    // it here is also the readiness wait (the gateway refuses connections while it starts).
    local = new DialOutLink({
      url: gateway.url,
      token: gateway.token,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 60_000,
      connectTimeoutMs: START_TIMEOUT_MS - 60_000,
      reconnect: { initialDelayMs: 250, maxDelayMs: 2_000, jitter: 0.2, maxAttempts: null },
    });
    await local.connect();
    stack = await startFleetStack('postgres', {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '60000',
        AGENT_CHECKIN_TIMEOUT_MS: '600000',
        PROVISION_SETUP_BUDGET_MS: '240000',
        CHAT_RELAY_REPLY_TIMEOUT_MS: String(TURN_TIMEOUT_MS),
      },
    });
    served = await serveFleet(stack);
    await collectEvents(stack, 'openclaw-dial-in', 'fleet.agentReply', replies);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await served?.close();
    await stack?.close();
    await local?.close();
    await gateway?.stop();
    await model?.close();
  });

  it(
    'a registered gateway without a URL: provisioned through the bridge (created, files, wake, check-in), a chat message relayed and answered',
    async () => {
      const org = await makeOrg(stack);
      const registered = await registerGateway(stack, org, { workspaceRoot: join(gateway.dir, 'workspaces') });
      const gatewayId = registered.gateway.id;
      const { bridge, errors } = await startBridge(served, registered.caller, local, {
        heartbeat: { gatewayId, everyMs: 5_000 },
      });
      try {
        await expect
          .poll(async () => (await stack.ok(org.owner, CONNECTION, { id: gatewayId })).gateway.connection, {
            timeout: 15_000,
          })
          .toEqual({ state: 'CONNECTED', transport: 'DIAL_IN' });
        const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Bridged', gatewayId } }))
          .createAgent as { id: string };
        const remoteId = `mc-${agent.id}`;
        await expect
          .poll(async () => (await stack.ok(org.owner, AGENT, { id: agent.id })).agent, {
            timeout: TURN_TIMEOUT_MS,
            interval: 1_000,
          })
          .toMatchObject({ wakeAttempts: 1, lastError: null });
        // What the bridge did on the real gateway: the agent, its files, the wake message in its main session.
        expect((await local.listAgents()).map((a) => a.id)).toContain(remoteId);
        expect((await local.readAgentFile(remoteId, 'IDENTITY.md')).content).toContain(agent.id);
        expect((await local.readAgentFile(remoteId, 'AGENTS.md')).content).toContain('MC_AGENT_TOKEN');
        await wakeAnswered(local, remoteId, TURN_TIMEOUT_MS);
        expect(await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN)).toEqual({
          agentCheckIn: { status: 'ONLINE' },
        });

        const message = chatMessage(org.id, agent.id, 'Please answer: PING-bridge7');
        await stack.fleet.runtime.events.stream.append([
          {
            id: randomUUID(),
            topic: 'chat.messageSent',
            organizationId: org.id,
            actor: null,
            occurredAt: new Date().toISOString(),
            payload: message,
          },
        ]);
        const parts = () => replies.filter((e) => e.payload.runId === message.messageId).map((e) => e.payload);
        await expect
          .poll(() => parts().filter((part) => part.part !== 'delta').length, {
            timeout: TURN_TIMEOUT_MS,
            interval: 500,
          })
          .toBe(1);
        const final = parts().at(-1) as AgentReply;
        expect(final).toMatchObject({ part: 'final', sessionId: message.sessionId, agentId: agent.id });
        expect(final.text).toContain('PONG bridge7');
        const streamed = parts()
          .filter((part) => part.part === 'delta')
          .map((part) => part.text)
          .join('');
        expect(final.text.startsWith(streamed)).toBe(true);
        expect(errors).toEqual([]);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${gateway?.logTail() ?? ''}`, { cause: error });
      } finally {
        await bridge.stop();
      }
    },
    TURN_TIMEOUT_MS * 3,
  );
});
