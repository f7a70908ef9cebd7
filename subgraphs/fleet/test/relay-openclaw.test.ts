/**
 * The chat relay against the REAL OpenClaw gateway (`openclaw@2026.9.6` from ops/openclaw, started
 * isolated on loopback with the fake OpenAI-compatible model): fleet provisions an agent on it (create,
 * files, session, wake), the agent checks in, and a chat message relayed by fleet gets the fake model's
 * answer back as `fleet.agentReply` (streamed parts, one final). Heavy (one gateway of ~1 GB, 12–45 s
 * start-up, seconds per turn): PostgreSQL only, generous deadlines.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createDeviceIdentity, DialOutLink } from '@mc/gateway-link';
import type { DomainEvent } from '@mc/kit';
import { unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentText, type FakeModel, startFakeModel } from '../../../ops/openclaw/fake-model.ts';
import { type OpenClawGateway, startOpenClawGateway } from '../../../ops/openclaw/gateway.ts';
import { ensureOpenClawInstalled } from '../../../ops/openclaw/install.ts';
import type { AgentReply } from '../src/domain-events.ts';
import {
  agentIdentity,
  CREATE_GATEWAY,
  chatMessage,
  collectEvents,
  type FleetStack,
  makeOrg,
  startFleetStack,
  wakeAnswered,
} from './fixtures.ts';

const START_TIMEOUT_MS = 420_000;
const TURN_TIMEOUT_MS = 180_000;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts lastError } }`;
const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;

/** `PONG <token>` for the last `PING-<token>` a user sent; anything else (the wake message) is acknowledged. */
function reply(request: { messages: Array<{ role: string; content: unknown }> }): string {
  const users = request.messages.filter((m) => m.role === 'user').map((m) => contentText(m.content));
  const ping = users.map((text) => /PING-(\w+)/.exec(text)?.[1]).findLast(Boolean);
  return ping ? `PONG ${ping}` : 'Awake.';
}

describe('chat relay to the real OpenClaw gateway', () => {
  let model: FakeModel;
  let gateway: OpenClawGateway;
  let stack: FleetStack;
  let probe: DialOutLink;
  const replies: DomainEvent<AgentReply>[] = [];

  beforeAll(async () => {
    const install = await ensureOpenClawInstalled();
    model = await startFakeModel(reply);
    gateway = await startOpenClawGateway({ install, modelBaseUrl: model.baseUrl });
    // Wait until the gateway takes connections (it refuses them while it starts); kept to look at its sessions.
    probe = new DialOutLink({
      url: gateway.url,
      token: gateway.token,
      deviceIdentity: createDeviceIdentity(),
      pairing: 'device',
      minVersion: '2026.9.1',
      requestTimeoutMs: 30_000,
      connectTimeoutMs: START_TIMEOUT_MS - 60_000,
      reconnect: { initialDelayMs: 250, maxDelayMs: 2_000, jitter: 0.2, maxAttempts: null },
    });
    await probe.connect();
    stack = await startFleetStack('postgres', {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '60000',
        AGENT_CHECKIN_TIMEOUT_MS: '600000',
        PROVISION_SETUP_BUDGET_MS: '240000',
        CHAT_RELAY_REPLY_TIMEOUT_MS: String(TURN_TIMEOUT_MS),
      },
    });
    await collectEvents(stack, 'openclaw-relay', 'fleet.agentReply', replies);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await probe?.close();
    await stack?.close();
    await gateway?.stop();
    await model?.close();
  });

  it(
    'provisions an agent on the gateway and relays a chat message to it: the model’s answer comes back',
    async () => {
      try {
        const org = await makeOrg(stack);
        const created = await stack.ok(org.owner, CREATE_GATEWAY, {
          input: {
            name: unique('openclaw'),
            url: gateway.url,
            token: gateway.token,
            pairingMode: 'DEVICE',
            workspaceRoot: join(gateway.dir, 'workspaces'),
          },
        });
        expect(created.createGateway.__typename).toBe('Gateway');
        const agent = (
          await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Relay', gatewayId: created.createGateway.id } })
        ).createAgent as { id: string };
        await expect
          .poll(async () => (await stack.ok(org.owner, AGENT, { id: agent.id })).agent, {
            timeout: TURN_TIMEOUT_MS,
            interval: 1_000,
          })
          .toMatchObject({ wakeAttempts: 1, lastError: null });
        await wakeAnswered(probe, `mc-${agent.id}`, TURN_TIMEOUT_MS);
        await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);

        const message = chatMessage(org.id, agent.id, 'Please answer: PING-relay42');
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
        expect(final.text).toContain('PONG relay42');
        const streamed = parts()
          .filter((part) => part.part === 'delta')
          .map((part) => part.text)
          .join('');
        expect(final.text.startsWith(streamed)).toBe(true);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${gateway?.logTail() ?? ''}`, { cause: error });
      }
    },
    TURN_TIMEOUT_MS * 3,
  );
});
