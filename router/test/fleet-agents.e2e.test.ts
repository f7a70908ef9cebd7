/**
 * Agents through the router, production-shaped: an admin creates an agent on a gateway, rotates its
 * token (issued by identity), and the agent — authenticated by the router with that `mca_` token —
 * checks in and becomes ONLINE; people cannot check in; another organization's admin finds nothing;
 * the first token stops working when a new one is issued.
 */
import { DialOutLink } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import { describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { useSharedAdminStack } from './support/shared-stack.ts';
import { eventually } from './support/subscription-fixtures/client.ts';

const CREATE_GATEWAY = `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
  __typename ... on Gateway { id hasToken } ... on DomainError { code field } } }`;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id status } ... on DomainError { code field } } }`;
const ROTATE = `mutation($id: ID!) { rotateAgentToken(agentId: $id) {
  __typename ... on AgentToken { token } ... on DomainError { code } } }`;
const CHECK_IN = `mutation { agentCheckIn { __typename ... on Agent { id status checkedInAt } ... on DomainError { code } } }`;

describe('agents through the router', () => {
  const admin = useSharedAdminStack();

  it('an agent checks in with the token issued for it; people, old tokens and other organizations are refused', async () => {
    const orgId = await admin.organization('Agents');
    const otherId = await admin.organization('Others');
    const gateway = await admin.call(
      CREATE_GATEWAY,
      { input: { name: 'edge', url: 'ws://127.0.0.1:9', token: 'gateway-secret', workspaceRoot: '/srv/agents' } },
      orgId,
    );
    expect(gateway.data.createGateway).toMatchObject({ __typename: 'Gateway', hasToken: true });
    const created = await admin.call(
      CREATE_AGENT,
      { input: { name: 'Scout', gatewayId: gateway.data.createGateway.id } },
      orgId,
    );
    const agentId: string = created.data.createAgent.id;
    const first = (await admin.call(ROTATE, { id: agentId }, orgId)).data.rotateAgentToken.token as string;
    expect(first).toMatch(/^mca_/);
    const second = (await admin.call(ROTATE, { id: agentId }, orgId)).data.rotateAgentToken.token as string;

    const stale = await gql(admin.stack.routerUrl, CHECK_IN, {}, bearer(first));
    expect(stale.status).toBe(401);
    const checkedIn = await gql(admin.stack.routerUrl, CHECK_IN, {}, bearer(second));
    expect(checkedIn.body.errors).toBeUndefined();
    expect(checkedIn.body.data.agentCheckIn).toMatchObject({ __typename: 'Agent', id: agentId, status: 'ONLINE' });

    const person = await gql(admin.stack.routerUrl, CHECK_IN, {}, bearer(admin.stack.env.LOCAL_AUTH_TOKEN, orgId));
    expect(person.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const seen = await admin.call(
      'query($id: ID!) { agent(id: $id) { status gateway { name } } }',
      { id: agentId },
      orgId,
    );
    expect(seen.data.agent).toMatchObject({ status: 'ONLINE', gateway: { name: 'edge' } });
    const foreign = await admin.call('query($id: ID!) { agent(id: $id) { id } }', { id: agentId }, otherId);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignRotate = await admin.call(ROTATE, { id: agentId }, otherId);
    expect(foreignRotate.data.rotateAgentToken.code).toBe('NOT_FOUND');
  });

  it('provisions an agent on a gateway through BullMQ jobs: created, files written, woken, then ONLINE on check-in', async () => {
    const sim = await new GatewaySimulator({ token: 'e2e-gateway-token', agentReloadDelayMs: 10 }).start();
    try {
      const orgId = await admin.organization('Provisioned');
      const gateway = await admin.call(
        CREATE_GATEWAY,
        {
          input: {
            name: 'sim',
            url: sim.url,
            token: 'e2e-gateway-token',
            workspaceRoot: '/srv/agents',
            pairingMode: 'CONTROL_UI',
          },
        },
        orgId,
      );
      const created = await admin.call(
        CREATE_AGENT,
        { input: { name: 'Worker', gatewayId: gateway.data.createGateway.id } },
        orgId,
      );
      const agentId: string = created.data.createAgent.id;
      const AGENT = 'query($id: ID!) { agent(id: $id) { status wakeAttempts remoteAgentId lastError } }';
      const woken = await eventually(
        async () => (await admin.call(AGENT, { id: agentId }, orgId)).data.agent,
        (agent) => agent.wakeAttempts >= 1 || agent.status !== 'PROVISIONING',
        20_000,
      );
      expect(woken).toMatchObject({ status: 'PROVISIONING', wakeAttempts: 1, lastError: null });
      const link = new DialOutLink({
        url: sim.url,
        token: 'e2e-gateway-token',
        pairing: 'control-ui',
        minVersion: '2026.9.1',
        requestTimeoutMs: 2_000,
      });
      try {
        expect((await link.readAgentFile(woken.remoteAgentId, 'IDENTITY.md')).content).toContain(agentId);
      } finally {
        await link.close();
      }
      const token = (await admin.call(ROTATE, { id: agentId }, orgId)).data.rotateAgentToken.token as string;
      const checkedIn = await gql(admin.stack.routerUrl, CHECK_IN, {}, bearer(token));
      expect(checkedIn.body.data.agentCheckIn).toMatchObject({ status: 'ONLINE' });
    } finally {
      await sim.stop();
    }
  });
});
