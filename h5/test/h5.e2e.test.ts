/**
 * The phone app in a real browser (playwright-core driving the system Chromium, phone viewport)
 * against the embedded stack serving the built app at /h5/. An admin creates a gateway and an agent in
 * fleet and assigns the agent to the user who registers in the app; a simulated agent (its own agent
 * token, following its session over graphql-ws) answers every message with postAgentMessage, typing
 * first. The user registers, signs out and in, sees the assigned agent, chats, goes offline, types,
 * reloads (the service worker serves the shell; the outbox keeps the message and its id), comes back
 * online and the message is delivered exactly once (counted in the API's history). Then the same
 * through a real relay: an agent on the OpenClaw gateway simulator (its own process, streaming each
 * reply in parts) answers a second user, whose reply bubble grows part by part before the stored
 * reply replaces it, also for a message typed offline. Screenshots go to h5/test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, devices, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  type EmbeddedStack,
  gql,
  type Proc,
  startEmbedded,
  startSimulator,
} from '../../router/test/support/processes.ts';
import { connect, type TestSocket } from '../../router/test/support/subscription-fixtures/client.ts';
import { ensureAppBuilt } from '../scripts/build.ts';
import { CHROMIUM, CHROMIUM_FLAGS, eventually, PASSWORD, registerInApp } from './support/browser.ts';

const ARTIFACTS = join(import.meta.dirname, '../test-results');
const POLL = { timeout: 15_000 };

/** The user's own bubbles. */
const mine = (page: Page) => page.locator('[data-testid=message][data-author=H5_USER]');

describe('the H5 phone app in Chromium', () => {
  let stack: EmbeddedStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  let url: string;
  let orgId: string;
  let agentId: string;
  let agentToken: string;
  const sockets: TestSocket[] = [];
  let simulator: Proc | undefined;
  const admin = () => bearer(stack.token, orgId);
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureAppBuilt();
    stack = await startEmbedded();
    url = stack.url;
    origin = new URL(url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    context = await browser.newContext({ ...devices['iPhone 13'], locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    const org = await gql(
      url,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
      { input: { name: 'Phone Org', slug: `phone-${Date.now()}` } },
      bearer(stack.token),
    );
    orgId = org.body.data.createOrganization.id;
    const gateway = await gql(
      url,
      `mutation($input: CreateGatewayInput!) { createGateway(input: $input) { __typename
        ... on Gateway { id } ... on DomainError { code message } } }`,
      { input: { name: 'gw-1', url: 'ws://127.0.0.1:9', workspaceRoot: '/tmp/mc-h5-agents' } },
      admin(),
    );
    expect(gateway.body.data?.createGateway.__typename, JSON.stringify(gateway.body)).toBe('Gateway');
    const agent = await gql(
      url,
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename
        ... on Agent { id } ... on DomainError { code message } } }`,
      { input: { name: 'Ada', gatewayId: gateway.body.data.createGateway.id } },
      admin(),
    );
    expect(agent.body.data?.createAgent.__typename, JSON.stringify(agent.body)).toBe('Agent');
    agentId = agent.body.data.createAgent.id;
    const token = await gql(
      url,
      `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
        ... on CreatedMachineCredential { token } } }`,
      { input: { organizationId: orgId, agentId, name: 'ada' } },
      admin(),
    );
    agentToken = token.body.data.createAgentToken.token;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await context?.close().catch(() => {});
    await browser?.close();
    await stack?.stop();
    await simulator?.stop();
  });

  /** The agent: follows a session and answers each user message (typing first) through postAgentMessage. */
  async function simulateAgent(sessionId: string) {
    const agent = bearer(agentToken);
    const socket = connect(url, { authorization: agent.authorization });
    sockets.push(socket);
    const answered = new Set<string>();
    const subscription = socket.subscribe(
      `subscription($sessionId: ID!) { chatEvents(sessionId: $sessionId) {
        type message { id author text } } }`,
      { sessionId },
    );
    await subscription.waitFor(1); // PRESENCE: the agent follows the session from here on
    const timer = setInterval(async () => {
      for (const result of subscription.results) {
        const message = result.data?.chatEvents.message;
        if (message?.author !== 'H5_USER' || answered.has(message.id)) continue;
        answered.add(message.id);
        await gql(url, 'mutation($id: ID!) { setChatTyping(sessionId: $id, typing: true) }', { id: sessionId }, agent);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await gql(
          url,
          `mutation($input: PostAgentMessageInput!) { postAgentMessage(input: $input) { __typename } }`,
          { input: { sessionId, text: `Ada heard: ${message.text}`, clientMessageId: `reply-${message.id}` } },
          agent,
        );
      }
    }, 100);
    return () => clearInterval(timer);
  }

  async function history(sessionId: string): Promise<{ author: string; text: string }[]> {
    const response = await gql(
      url,
      'query($id: ID!) { chatSession(id: $id) { messages(first: 100) { nodes { author text } } } }',
      { id: sessionId },
      bearer(agentToken),
    );
    return response.body.data.chatSession.messages.nodes;
  }

  it('registers, signs out and in, chats with the assigned agent, and delivers an offline message once', async () => {
    const email = `phone-${Date.now()}@example.test`;
    const h5UserId = await registerInApp(page, origin, { orgId, email, name: 'Hana' }, () => shot('01-register'));

    // The admin assigns the agent (once chat heard of both).
    const assigned = await eventually(
      () =>
        gql(
          url,
          `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename
            ... on DomainError { code } } }`,
          { input: { agentId, h5UserId } },
          admin(),
        ),
      (r) => r.body.data?.assignChatAgent.__typename === 'ChatAssignment',
    );
    expect(assigned.body.data.assignChatAgent.__typename, JSON.stringify(assigned.body)).toBe('ChatAssignment');

    // Sign out, then sign in again: the assigned agent is listed.
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByTestId('logout').click();
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const agentLink = page.getByTestId('agent').filter({ hasText: 'Ada' });
    await agentLink.waitFor();
    await shot('02-agents');

    await agentLink.click();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), POLL).toBe('connected');
    const sessionId: string = await page.evaluate(
      (id) => JSON.parse(localStorage.getItem('mc.h5.sessions')!)[id],
      agentId,
    );
    const stopAgent = await simulateAgent(sessionId);
    try {
      await page.locator('input[name=message]').fill('Hello Ada');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('typing').waitFor();
      await page.getByText('Ada heard: Hello Ada').waitFor();
      expect(await mine(page).filter({ hasText: 'Hello Ada' }).count()).toBe(1);
      await shot('03-chat');

      // The service worker controls the page before the network goes away.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await context.setOffline(true);
      await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), POLL).toBe('offline');
      await page.locator('input[name=message]').fill('Sent while offline');
      await page.getByRole('button', { name: 'Send' }).click();
      const queued = mine(page).filter({ hasText: 'Sent while offline' });
      await expect.poll(() => queued.getAttribute('data-status'), POLL).toBe('QUEUED');
      await shot('04-offline-queued');

      // Reloaded offline: the shell comes from the service worker, the message is still waiting.
      await page.reload();
      await page.getByTestId('composer').waitFor();
      await expect.poll(() => queued.getAttribute('data-status'), POLL).toBe('QUEUED');
      await shot('05-offline-reloaded');

      await context.setOffline(false);
      await page.getByText('Ada heard: Sent while offline').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), POLL).toBe('connected');
      expect(await queued.count()).toBe(1);
      await shot('06-back-online');

      const texts = (await history(sessionId)).map((message) => `${message.author}:${message.text}`);
      expect(texts.filter((text) => text === 'H5_USER:Sent while offline')).toHaveLength(1);
      expect(texts).toEqual([
        'H5_USER:Hello Ada',
        'AGENT:Ada heard: Hello Ada',
        'H5_USER:Sent while offline',
        'AGENT:Ada heard: Sent while offline',
      ]);
    } finally {
      stopAgent();
    }
  });

  it('switches the language and renames the user', async () => {
    await page.goto(`${origin}/h5/#/profile`);
    await page.locator('select[name=language]').selectOption('zh-CN');
    await page.getByRole('button', { name: '保存' }).waitFor();
    await page.locator('input[name=displayName]').fill('Hana Li');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('saved').waitFor();
    const me = await page.evaluate(() => JSON.parse(localStorage.getItem('mc.h5.session')!).user.displayName);
    expect(me).toBe('Hana Li');
    await shot('07-profile-zh');
    await page.locator('select[name=language]').selectOption('en');
  });

  it('shows the newest 50 messages and scrolls back to older ones', async () => {
    const sessionId: string = await page.evaluate(
      (id) => JSON.parse(localStorage.getItem('mc.h5.sessions')!)[id],
      agentId,
    );
    for (let i = 1; i <= 55; i++) {
      await gql(
        url,
        'mutation($input: PostAgentMessageInput!) { postAgentMessage(input: $input) { __typename } }',
        { input: { sessionId, text: `Note ${i}`, clientMessageId: `note-${i}` } },
        bearer(agentToken),
      );
    }
    const total = (await history(sessionId)).length;
    expect(total).toBe(59);
    await page.goto(`${origin}/h5/#/chat/${agentId}`);
    await page.getByText('Note 55').waitFor();
    await expect.poll(() => page.getByTestId('message').count(), POLL).toBe(50);
    await page.getByTestId('older').click();
    await expect.poll(() => page.getByTestId('message').count(), POLL).toBe(total);
    expect(await page.getByTestId('older').count()).toBe(0);
    expect(await page.getByTestId('message').first().textContent()).toContain('Hello Ada');
  });

  it('refreshes an expiring access token; a refused refresh returns to sign-in', async () => {
    await page.goto(`${origin}/h5/#/agents`);
    await page.getByTestId('agent').first().waitFor();
    const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('mc.h5.session') ?? 'null'));
    const before = await stored();
    // The access token "expires in a second": the app refreshes it at once on load.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('mc.h5.session')!);
      localStorage.setItem(
        'mc.h5.session',
        JSON.stringify({ ...session, accessTokenExpiresAt: new Date().toISOString() }),
      );
    });
    await page.reload();
    await expect.poll(async () => (await stored())?.refreshToken, POLL).not.toBe(before.refreshToken);
    expect((await stored()).accessToken).not.toBe(before.accessToken);
    await page.getByTestId('agent').first().waitFor();

    // A refresh token the server refuses: back to sign-in, told why.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('mc.h5.session')!);
      localStorage.setItem(
        'mc.h5.session',
        JSON.stringify({ ...session, refreshToken: 'not-a-token', accessTokenExpiresAt: new Date().toISOString() }),
      );
    });
    await page.reload();
    await page.getByTestId('expired').waitFor();
    expect(await stored()).toBeNull();
    await shot('08-session-ended');
  });

  it('serves an installable manifest with real PNG icons', async () => {
    const manifest = await (await fetch(`${origin}/h5/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ start_url: '/h5/', display: 'standalone', scope: '/h5/' });
    for (const icon of manifest.icons as { src: string; sizes: string }[]) {
      const response = await fetch(`${origin}/h5/${icon.src}`);
      expect(response.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      const view = new DataView(bytes.buffer);
      expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes);
    }
    expect(manifest.icons.some((icon: { purpose?: string }) => icon.purpose === 'maskable')).toBe(true);
    expect((await fetch(`${origin}/h5`, { redirect: 'manual' })).status).toBe(308);
  });
  it('streams a gateway agent’s reply part by part, and relays a message typed offline once', async () => {
    // The simulator streams every reply in four parts, 700 ms apart: slow enough to see each in the page.
    const gatewayToken = 'h5-simulated-gateway';
    const started = await startSimulator(gatewayToken, ['--reply-chunks', '4', '--reply-chunk-delay-ms', '700']);
    simulator = started.proc;
    const gateway = await gql(
      url,
      `mutation($input: CreateGatewayInput!) { createGateway(input: $input) { __typename
        ... on Gateway { id } ... on DomainError { code message } } }`,
      { input: { name: 'sim', url: started.url, token: gatewayToken, workspaceRoot: '/srv/agents' } },
      admin(),
    );
    expect(gateway.body.data?.createGateway.__typename, JSON.stringify(gateway.body)).toBe('Gateway');
    const created = await gql(
      url,
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename
        ... on Agent { id } ... on DomainError { code message } } }`,
      { input: { name: 'Grace', gatewayId: gateway.body.data.createGateway.id } },
      admin(),
    );
    const graceId: string = created.body.data.createAgent.id;
    // Fleet provisions it on the simulator and wakes it; it checks in with its token and is ONLINE.
    await eventually(
      () => gql(url, 'query($id: ID!) { agent(id: $id) { wakeAttempts } }', { id: graceId }, admin()),
      (r) => r.body.data?.agent.wakeAttempts >= 1,
      60_000,
    );
    const rotated = await gql(
      url,
      'mutation($id: ID!) { rotateAgentToken(agentId: $id) { ... on AgentToken { token } } }',
      { id: graceId },
      admin(),
    );
    const checkIn = await gql(
      url,
      'mutation { agentCheckIn { __typename ... on Agent { status } } }',
      {},
      bearer(rotated.body.data.rotateAgentToken.token),
    );
    expect(checkIn.body.data.agentCheckIn).toEqual({ __typename: 'Agent', status: 'ONLINE' });

    // A second phone: a fresh browser profile, a new user.
    const phone = await browser.newContext({ ...devices['iPhone 13'], locale: 'en-US' });
    const tab = await phone.newPage();
    tab.setDefaultTimeout(15_000);
    const snap = (name: string) => tab.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    try {
      const userId = await registerInApp(tab, origin, {
        orgId,
        email: `stream-${Date.now()}@example.test`,
        name: 'Lin',
      });
      const assigned = await eventually(
        () =>
          gql(
            url,
            `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename
              ... on ChatAssignment { agent { online } } ... on DomainError { code } } }`,
            { input: { agentId: graceId, h5UserId: userId } },
            admin(),
          ),
        (r) => r.body.data?.assignChatAgent.agent?.online === true,
        30_000,
      );
      expect(assigned.body.data.assignChatAgent, JSON.stringify(assigned.body)).toEqual({
        __typename: 'ChatAssignment',
        agent: { online: true },
      });
      await tab.reload();
      const graceLink = tab.getByTestId('agent').filter({ hasText: 'Grace' });
      await graceLink.waitFor();
      await graceLink.click();
      await expect.poll(() => tab.getByTestId('connection').getAttribute('data-state'), POLL).toBe('connected');

      /** Records every text the streaming bubble shows, as the page renders it. */
      const watchStream = () =>
        tab.evaluate(() => {
          const seen: string[] = [];
          (window as unknown as { streamed: string[] }).streamed = seen;
          const observer = new MutationObserver(() => {
            const bubble = document.querySelector('[data-testid=message][data-status=STREAMING] .text');
            const text = bubble?.textContent ?? '';
            if (text && seen.at(-1) !== text) seen.push(text);
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        });
      const streamed = () => tab.evaluate(() => (window as unknown as { streamed: string[] }).streamed);
      const reply = (text: string) => `Hello from mc-${graceId} on the simulated gateway. You said: ${text}`;
      const theirs = tab.locator('[data-testid=message][data-author=AGENT]');

      await watchStream();
      await tab.locator('input[name=message]').fill('Tell me a story');
      await tab.getByRole('button', { name: 'Send' }).click();
      // Part of the reply, while the rest is still coming.
      const streaming = tab.locator('[data-testid=message][data-status=STREAMING]');
      await streaming.waitFor();
      const partial = (await streaming.locator('.text').textContent()) ?? '';
      expect(partial.length).toBeGreaterThan(0);
      expect(reply('Tell me a story').startsWith(partial)).toBe(true);
      expect(partial.length).toBeLessThan(reply('Tell me a story').length);
      await snap('09-streaming');
      // Then the stored reply in its place: one agent bubble, the streaming one gone.
      await theirs.filter({ hasText: reply('Tell me a story') }).waitFor({ timeout: 20_000 });
      await expect.poll(() => streaming.count(), POLL).toBe(0);
      expect(await theirs.count()).toBe(1);
      expect(await theirs.first().getAttribute('data-status')).toBe('SENT');
      const grew = await streamed();
      // It grew part by part: several texts, each extending the one before, up to the whole reply.
      expect(grew.length, JSON.stringify(grew)).toBeGreaterThanOrEqual(2);
      grew.forEach((text, index) => {
        expect(reply('Tell me a story').startsWith(text)).toBe(true);
        if (index > 0) expect(text.length).toBeGreaterThan(grew[index - 1].length);
      });
      await snap('10-streamed-reply');

      // Offline: typed and queued; back online it is sent once and answered, streamed again.
      await phone.setOffline(true);
      await expect.poll(() => tab.getByTestId('connection').getAttribute('data-state'), POLL).toBe('offline');
      await tab.locator('input[name=message]').fill('Typed on the train');
      await tab.getByRole('button', { name: 'Send' }).click();
      const queued = tab
        .locator('[data-testid=message][data-author=H5_USER]')
        .filter({ hasText: 'Typed on the train' });
      await expect.poll(() => queued.getAttribute('data-status'), POLL).toBe('QUEUED');
      await snap('11-stream-offline-queued');
      await watchStream();
      await phone.setOffline(false);
      await theirs.filter({ hasText: reply('Typed on the train') }).waitFor({ timeout: 30_000 });
      expect(await queued.count()).toBe(1);
      expect(await queued.getAttribute('data-status')).toBe('SENT');
      // Streamed too (the first part may come before the socket is back: live-only, not replayed).
      expect((await streamed()).length).toBeGreaterThanOrEqual(1);
      await snap('12-stream-back-online');

      const sessionId: string = await tab.evaluate(
        (id) => JSON.parse(localStorage.getItem('mc.h5.sessions')!)[id],
        graceId,
      );
      const history = await gql(
        url,
        'query($id: ID!) { chatSession(id: $id) { messages(first: 20) { nodes { author text status } } } }',
        { id: sessionId },
        admin(),
      );
      expect(history.body.data.chatSession.messages.nodes).toEqual([
        { author: 'H5_USER', text: 'Tell me a story', status: 'SENT' },
        { author: 'AGENT', text: reply('Tell me a story'), status: 'SENT' },
        { author: 'H5_USER', text: 'Typed on the train', status: 'SENT' },
        { author: 'AGENT', text: reply('Typed on the train'), status: 'SENT' },
      ]);
    } finally {
      await phone.close().catch(() => {});
    }
  }, 180_000);
});
