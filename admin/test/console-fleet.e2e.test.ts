/**
 * The console's fleet and chat pages in Chromium against the embedded stack: a registration token
 * minted in the UI registers a gateway through the API, whose heartbeat turns its page ONLINE live
 * (gatewayHealth, no reload) with the metrics chart; an agent created in the UI changes status live
 * (agentStatusChanged: a registered-only gateway has no URL to provision on, so it ends in ERROR with
 * advice); an H5 user registered through the API is assigned to the agent on the organization page,
 * and their session, opened through the API while the support view is open, appears there live
 * (chatSessionUpdated); the read-only view follows its new messages live. A message another H5 user
 * sends in their own session updates its row in the list (name from identity, preview, to the top)
 * without a reload, and a new message in the first session moves that row back up.
 * Teams and capability search too.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type EmbeddedStack, gql, startEmbedded } from '../../router/test/support/processes.ts';
import { ensureConsoleBuilt } from '../scripts/build.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = join(import.meta.dirname, '../test-results');
const POLL = { timeout: 15_000 };

describe('fleet and chat pages of the console in Chromium', { timeout: 90_000 }, () => {
  let stack: EmbeddedStack;
  let browser: Browser;
  let origin: string;
  let page: Page;
  let organizationId: string;
  let gatewayId: string;
  let credential: string;
  /** Hana's H5 headers (the first H5 user, whose session the support view shows). */
  let hana: Record<string, string>;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureConsoleBuilt();
    stack = await startEmbedded();
    origin = new URL(stack.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Confirmations (new agent token, revoking a gateway's credential) are accepted.
    page.on('dialog', (dialog) => void dialog.accept());
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        cspViolations.push(message.text());
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const nav = (name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });
  const admin = (query: string, variables: Record<string, unknown> = {}) =>
    gql(stack.url, query, variables, bearer(stack.token, organizationId));

  it('mints a registration token; the registered gateway comes ONLINE live on its page', async () => {
    await page.goto(`${origin}/`);
    await page.locator('input[name=token]').fill(stack.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/boards`);
    await page.getByTestId('no-organization').waitFor();
    await page.locator('input[name=organization-name]').fill('Fleet Org');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByTestId('organization').waitFor();
    organizationId = await page.getByTestId('organization').inputValue();
    expect(organizationId).not.toBe('');

    await nav('Gateways').click();
    await page.getByTestId('empty').waitFor();
    await page.getByTestId('mint-token').click();
    const token = (await page.getByTestId('registration-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^mcr_/);
    await page.getByTestId('copy-token').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await shot('fleet-01-token');

    const registered = await gql(
      stack.url,
      `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) { __typename
        ... on GatewayRegistration { credential gateway { id } } ... on DomainError { code message } } }`,
      { input: { token, name: 'edge-1', version: '2026.9.2' } },
    );
    expect(registered.body.data.registerGateway.__typename).toBe('GatewayRegistration');
    gatewayId = registered.body.data.registerGateway.gateway.id;
    credential = registered.body.data.registerGateway.credential;

    // The list follows gatewayStatusChanged (a registration is announced there); the page, gatewayHealth.
    await page.getByRole('link', { name: 'edge-1' }).click({ timeout: 20_000 });
    await page.getByTestId('gateway-name').getByText('edge-1').waitFor();
    const status = page.getByTestId('gateway-status');
    expect(await status.getAttribute('data-status')).toBe('PENDING');
    await expect.poll(() => page.getByTestId('live').getAttribute('data-mode'), POLL).toBe('live');
    await page.getByTestId('no-metrics').waitFor();
    // A gateway that only dials in was never dialed: no link status yet.
    expect(await page.getByTestId('gateway-connection').getAttribute('data-state')).toBe('NONE');

    const heartbeat = await gql(
      stack.url,
      `mutation($id: ID!, $metrics: GatewayMetricsInput!) { gatewayHeartbeat(gatewayId: $id, metrics: $metrics) { __typename } }`,
      {
        id: gatewayId,
        metrics: {
          activeSessions: 3,
          memoryBytes: 512 * 1048576,
          cpuPercent: 42.5,
          agentCount: 0,
          version: '2026.9.2',
        },
      },
      bearer(credential),
    );
    expect(heartbeat.body.data.gatewayHeartbeat.__typename).toBe('GatewayHeartbeatAck');
    await expect.poll(() => status.getAttribute('data-status'), POLL).toBe('ONLINE');
    await page.getByTestId('gateway-metrics-chart').waitFor();
    expect(await page.getByTestId('no-metrics').count()).toBe(0);
    await shot('fleet-02-gateway-online');
  });

  it('creates an agent and shows its status change live, with what to do about the error', async () => {
    await nav('Agents').click();
    await expect.poll(() => page.getByTestId('live').getAttribute('data-mode'), POLL).toBe('live');
    await page.locator('input[name=agent-name]').fill('Ada');
    await page.locator('select[name=agent-gateway]').selectOption({ label: 'edge-1' });
    await page.getByRole('button', { name: 'Create agent' }).click();
    const row = page.locator('[data-testid=agent-row][data-name=Ada]');
    await row.waitFor();
    // A registered gateway without a URL dials in: with no bridge following its inbox, provisioning waits
    // for one (OFFLINE after its deadline) and says what to do, pushed live.
    await expect.poll(() => row.getByTestId('agent-advice').textContent(), POLL).toContain('gateway bridge');
    expect(['PROVISIONING', 'OFFLINE']).toContain(await row.getByTestId('agent-status').getAttribute('data-status'));
    await shot('fleet-03-agent-error');

    await row.getByRole('button', { name: 'New token' }).click();
    expect(await page.getByTestId('agent-token').locator('code').textContent()).toMatch(/^mca_/);

    // Another admin's agent (created through the API) appears on this page without a reload.
    const created = await admin(
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on Agent { id } } }`,
      { input: { name: 'Bea', gatewayId } },
    );
    expect(created.body.data.createAgent.__typename).toBe('Agent');
    const other = page.locator('[data-testid=agent-row][data-name=Bea]');
    await other.waitFor({ timeout: POLL.timeout });
    await expect.poll(() => other.getByTestId('agent-advice').textContent(), POLL).toContain('gateway bridge');
    expect(await page.getByTestId('live').getAttribute('data-mode')).toBe('live');
    const agents = await admin('{ agents(first: 10) { nodes { name status lastError } } }');
    const ada = agents.body.data.agents.nodes.find((agent: { name: string }) => agent.name === 'Ada');
    expect(ada.lastError).toMatch(/no bridge follows its inbox/);
  });

  it('manages teams and capabilities and finds agents by capability', async () => {
    await nav('Teams').click();
    await page.locator('input[name=team-name]').fill('Core');
    await page.getByRole('button', { name: 'Create team' }).click();
    const team = page.getByTestId('team').filter({ hasText: 'Core' });
    await team.waitFor();
    await team.getByLabel('Agent').selectOption({ label: 'Ada' });
    await team.getByLabel('Role in the team').selectOption('LEADER');
    await team.getByRole('button', { name: 'Add' }).click();
    await team.locator('.badge', { hasText: 'Leader' }).waitFor();

    await page.locator('select[name=capability-agent]').selectOption({ label: 'Ada' });
    await page.locator('input[name=capability-list]').fill('python:expert, writing');
    await page.getByTestId('capabilities-form').getByRole('button', { name: 'Save' }).click();
    await page.locator('input[name=capability-search]').fill('Python');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('capability-results');
    await results.getByText('python · expert').waitFor();
    expect(await results.locator('li').count()).toBe(1);

    await page.locator('input[name=capability-list]').fill('python:guru');
    await page.getByTestId('capabilities-form').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('problem').getAttribute('data-code'), POLL).toBe('BAD_USER_INPUT');
    await shot('fleet-04-teams');
  });

  it('assigns an H5 user to the agent and shows their session in the chat support view', async () => {
    const email = `hana-${Date.now()}@example.test`;
    const password = 'correct horse battery';
    const registered = await gql(
      stack.url,
      `mutation($input: H5RegisterInput!) { h5Register(input: $input) { __typename ... on H5Session { accessToken user { id } } } }`,
      { input: { organizationId, email, password, displayName: 'Hana' } },
    );
    expect(registered.body.data.h5Register.__typename).toBe('H5Session');
    const h5 = bearer(registered.body.data.h5Register.accessToken);
    hana = h5;

    await nav('Organization').click();
    const user = page.locator(`[data-testid=h5-user][data-email="${email}"]`);
    await user.waitFor();
    expect(await user.getByTestId('assignment').count()).toBe(0);
    // Chat learns of new agents and H5 users from events: the assignment may need a moment.
    await expect
      .poll(async () => {
        await user.locator('select[name=assign-agent]').selectOption({ label: 'Ada' });
        await user.getByRole('button', { name: 'Assign' }).click();
        await page.waitForTimeout(500);
        return user.getByTestId('assignment').count();
      }, POLL)
      .toBe(1);
    expect(await user.getByTestId('assignment').textContent()).toContain('Ada');
    await shot('fleet-05-assigned');

    // The support list follows chatSessionUpdated: the session opened below appears without a reload
    // (live, so nothing polls; waiting past the subscription's settle refetch).
    await nav('Chat support').click();
    await page.getByTestId('empty').waitFor();
    await expect.poll(() => page.getByTestId('sessions-live').getAttribute('data-mode'), POLL).toBe('live');
    await page.waitForTimeout(2_000);
    const agentId = (await admin('{ agents(first: 1) { nodes { id } } }')).body.data.agents.nodes[0].id;
    const opened = await gql(
      stack.url,
      'mutation($agentId: ID!) { openChatSession(agentId: $agentId) { __typename ... on ChatSession { id } ... on DomainError { code } } }',
      { agentId },
      h5,
    );
    expect(opened.body.data.openChatSession.__typename).toBe('ChatSession');
    const sent = await gql(
      stack.url,
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on DomainError { code } } }`,
      { input: { sessionId: opened.body.data.openChatSession.id, clientMessageId: 'phone-1', text: 'Hello Ada' } },
      h5,
    );
    expect(sent.body.data.sendMessage.__typename).toBe('ChatMessage');

    const session = page.getByTestId('chat-session').filter({ hasText: 'Hana' });
    await session.waitFor({ timeout: POLL.timeout });
    expect(await page.getByTestId('sessions-live').getAttribute('data-mode')).toBe('live');
    expect(await session.textContent()).toContain('Ada');
    await session.click();
    await page.getByTestId('chat-messages').getByText('Hello Ada').waitFor();
    await expect.poll(() => page.getByTestId('live').getAttribute('data-mode'), POLL).toBe('live');
    // The open session follows chatEvents: the user's next message appears without a reload.
    const again = await gql(
      stack.url,
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
      { input: { sessionId: opened.body.data.openChatSession.id, clientMessageId: 'phone-2', text: 'Are you there?' } },
      h5,
    );
    expect(again.body.data.sendMessage.__typename).toBe('ChatMessage');
    await page.getByTestId('chat-messages').getByText('Are you there?').waitFor({ timeout: POLL.timeout });
    // Read-only: the support view offers no way to write.
    expect(await page.locator('textarea').count()).toBe(0);
    await shot('fleet-06-support');
  });

  it('updates the support list live when an H5 user writes in another session, with their name', async () => {
    const h5Register = (displayName: string) =>
      gql(
        stack.url,
        `mutation($input: H5RegisterInput!) { h5Register(input: $input) { __typename ... on H5Session { accessToken user { id } } } }`,
        {
          input: {
            organizationId,
            email: `${displayName.toLowerCase()}-${Date.now()}@example.test`,
            password: 'correct horse battery',
            displayName,
          },
        },
      );
    const registered = await h5Register('Kenji');
    expect(registered.body.data.h5Register.__typename).toBe('H5Session');
    const kenji = bearer(registered.body.data.h5Register.accessToken);
    const agentId = (await admin('{ agents(first: 1) { nodes { id } } }')).body.data.agents.nodes[0].id;
    // Chat learns of the new H5 user from identity's events: the assignment may need a moment.
    await expect
      .poll(async () => {
        const assigned = await admin(
          `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename } }`,
          { input: { agentId, h5UserId: registered.body.data.h5Register.user.id } },
        );
        return assigned.body.data?.assignChatAgent.__typename;
      }, POLL)
      .toBe('ChatAssignment');
    const sessionOf = async (h5: Record<string, string>) =>
      (
        await gql(
          stack.url,
          'mutation($agentId: ID!) { openChatSession(agentId: $agentId) { ... on ChatSession { id } } }',
          { agentId },
          h5,
        )
      ).body.data.openChatSession.id as string;
    const kenjiSession = await sessionOf(kenji);
    const send = async (h5: Record<string, string>, sessionId: string, text: string) => {
      const sent = await gql(
        stack.url,
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
        { input: { sessionId, clientMessageId: `${text}-${Date.now()}`, text } },
        h5,
      );
      expect(sent.body.data.sendMessage.__typename).toBe('ChatMessage');
    };

    // The support view stays open on Hana's session; nothing reloads the page from here on.
    expect(await page.getByTestId('sessions-live').getAttribute('data-mode')).toBe('live');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const rowOf = (sessionId: string) => page.locator(`[data-testid=chat-session][data-session-id="${sessionId}"]`);
    const firstRow = () => page.getByTestId('chat-session').first().getAttribute('data-session-id');
    await send(kenji, kenjiSession, 'Kenji needs help');
    await expect
      .poll(() => rowOf(kenjiSession).getByTestId('chat-session-preview').textContent(), POLL)
      .toBe('Kenji needs help');
    expect(await rowOf(kenjiSession).locator('strong').textContent()).toBe('Kenji');
    expect(await rowOf(kenjiSession).getAttribute('data-last-sequence')).toBe('1');
    expect(await firstRow()).toBe(kenjiSession);

    // Hana writes again: her row updates in place and moves back to the top.
    const hanaSession =
      (await page.getByTestId('chat-session').filter({ hasText: 'Hana' }).getAttribute('data-session-id')) ?? '';
    await send(hana, hanaSession, 'Hana again');
    await expect
      .poll(() => rowOf(hanaSession).getByTestId('chat-session-preview').textContent(), POLL)
      .toBe('Hana again');
    await expect.poll(firstRow, POLL).toBe(hanaSession);
    expect(await rowOf(hanaSession).locator('strong').textContent()).toBe('Hana');
    expect(await page.getByTestId('chat-session').count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.getByTestId('sessions-live').getAttribute('data-mode')).toBe('live');
    await shot('fleet-06b-support-live');
  });

  it("revokes a registered gateway's credential from its page", async () => {
    await nav('Gateways').click();
    await page.getByRole('link', { name: 'edge-1' }).click();
    await page.getByTestId('deregister-gateway').click();
    await expect.poll(() => page.getByTestId('deregister-gateway').count(), POLL).toBe(0);
    const refused = await gql(
      stack.url,
      `mutation($id: ID!, $metrics: GatewayMetricsInput!) { gatewayHeartbeat(gatewayId: $id, metrics: $metrics) { __typename } }`,
      {
        id: gatewayId,
        metrics: { activeSessions: 0, memoryBytes: 1, cpuPercent: 1, agentCount: 0, version: '2026.9.2' },
      },
      bearer(credential),
    );
    expect(refused.body.errors?.[0]?.extensions?.code ?? refused.status).toMatch(/UNAUTHENTICATED|401/);
  });

  it('shows the fleet pages in Chinese and raised no CSP violation', async () => {
    await page.getByTestId('language').selectOption('zh-CN');
    await nav('网关').click();
    await page.getByRole('heading', { name: '网关' }).waitFor();
    await page.getByTestId('gateway-status').first().waitFor();
    await shot('fleet-07-zh');
    await page.getByTestId('language').selectOption('en');
    expect(cspViolations).toEqual([]);
  });
});
