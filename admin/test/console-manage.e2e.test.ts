/**
 * The console's management gaps in Chromium against the embedded stack, with data seeded through the
 * API: lists past one page (106 boards, 250 tasks on a board, 120 agents) load all of it with "load
 * more"; board groups and tags renamed and deleted (the confirmation says what goes with them, a tag
 * already deleted elsewhere gives an inline error), a board deleted; an agent's page (status live,
 * error advice, gateway, board, role, teams, capabilities, a token shown once, what it did); the
 * gateways list follows gatewayStatusChanged (no polling) and a second operator's console drops a
 * deleted agent live (agentStatusChanged with deleted). Screenshots in admin/test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql } from '../../router/test/support/processes.ts';
import { ConsoleBrowser, type ConsoleSession, inBatches } from './support/browser.ts';

const POLL = { timeout: 20_000 };
const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const pad = (index: number) => String(index).padStart(3, '0');

describe('managing boards, tags and agents in the console', { timeout: 300_000 }, () => {
  const ui = new ConsoleBrowser();
  let first: ConsoleSession;
  let page: Page;
  let organizationId = '';
  const ids = { bigBoard: '', smallBoard: '', ops: '', lab: '', gateway: '', gatewayCredential: '', ada: '' };

  const admin = async <T = any>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await ui.admin(organizationId, query, variables);
    if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
    return response.body.data as T;
  };
  const created = (payload: { __typename: string; id?: string; message?: string }) => {
    if (!payload.id) throw new Error(`${payload.__typename}: ${payload.message}`);
    return payload.id;
  };
  const live = (target: Page) =>
    expect.poll(() => target.getByTestId('live').getAttribute('data-mode'), POLL).toBe('live');
  const nav = (target: Page, name: string) =>
    target.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  const HEARTBEAT = `mutation($id: ID!, $metrics: GatewayMetricsInput!) { gatewayHeartbeat(gatewayId: $id, metrics: $metrics) { __typename } }`;
  const heartbeat = (gatewayId: string, credential: string) =>
    gql(
      ui.stack.url,
      HEARTBEAT,
      {
        id: gatewayId,
        metrics: { activeSessions: 1, memoryBytes: 1048576, cpuPercent: 5, agentCount: 0, version: '2026.9.2' },
      },
      bearer(credential),
    );
  async function registerGateway(name: string) {
    const minted = await admin(
      'mutation { createGatewayRegistrationToken { __typename ... on GatewayRegistrationToken { token } } }',
    );
    const registered = await gql(
      ui.stack.url,
      `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) { __typename
        ... on GatewayRegistration { credential gateway { id } } ... on DomainError { code message } } }`,
      { input: { token: minted.createGatewayRegistrationToken.token, name, version: '2026.9.2' } },
    );
    const result = registered.body.data.registerGateway;
    expect(result.__typename).toBe('GatewayRegistration');
    return { id: result.gateway.id as string, credential: result.credential as string };
  }

  beforeAll(async () => {
    await ui.start();
    first = await ui.signedIn();
    page = first.page;
    await page.getByTestId('no-organization').waitFor();
    await page.locator('input[name=organization-name]').fill('Manage Org');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByTestId('organization').waitFor();
    organizationId = await page.getByTestId('organization').inputValue();

    // Seed through the API: two groups, 106 boards, 250 tasks on one board, a tag, a gateway, 120 agents.
    const group = (name: string) =>
      admin(
        `mutation($name: String!) { createBoardGroup(input: {name: $name}) { __typename ... on BoardGroup { id } } }`,
        {
          name,
        },
      ).then((data) => created(data.createBoardGroup));
    ids.ops = await group('Ops');
    ids.lab = await group('Lab');
    const board = (name: string, groupId: string | null) =>
      admin(
        `mutation($input: CreateBoardInput!) { createBoard(input: $input) { __typename ... on Board { id } ... on DomainError { message } } }`,
        { input: { name, description: `Seeded board ${name}`, groupId } },
      ).then((data) => created(data.createBoard));
    ids.bigBoard = await board('Big board', ids.ops);
    ids.smallBoard = await board('Small board', ids.lab);
    await inBatches(range(104), 6, (index) => board(`Board ${pad(index)}`, null));
    await inBatches(range(250), 6, (index) =>
      admin(
        `mutation($input: CreateTaskInput!) { createTask(input: $input) { __typename ... on Task { id } ... on DomainError { message } } }`,
        { input: { boardId: ids.bigBoard, title: `Task ${pad(index)}` } },
      ).then((data) => created(data.createTask)),
    );
    await admin(`mutation { createTag(input: {name: "urgent", color: "#cc0000"}) { __typename } }`);
    await admin(`mutation { createTag(input: {name: "stale", color: "#888888"}) { __typename } }`);
    const gateway = await registerGateway('edge-m');
    ids.gateway = gateway.id;
    ids.gatewayCredential = gateway.credential;
    const agent = (name: string, boardId?: string) =>
      admin(
        `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on Agent { id } ... on DomainError { message } } }`,
        { input: { name, gatewayId: ids.gateway, ...(boardId ? { boardId } : {}) } },
      ).then((data) => created(data.createAgent));
    ids.ada = await agent('Ada', ids.smallBoard);
    await inBatches(range(119), 6, (index) => agent(`agent-${pad(index)}`));
    const team = await admin(`mutation { createTeam(input: {name: "Core"}) { __typename ... on Team { id } } }`);
    await admin(`mutation($t: ID!, $a: ID!) { setTeamMember(teamId: $t, agentId: $a, role: LEADER) { __typename } }`, {
      t: team.createTeam.id,
      a: ids.ada,
    });
    await admin(
      `mutation($a: ID!) { setAgentCapabilities(agentId: $a, capabilities: [{name: "python", proficiency: EXPERT}]) { __typename } }`,
      { a: ids.ada },
    );
  }, 1_200_000);

  afterAll(() => ui.stop());

  it('loads every board and every task of a big board with "load more"', async () => {
    await page.goto(`${ui.origin}/boards`);
    const cards = page.getByTestId('board-card');
    await expect.poll(() => cards.count(), POLL).toBe(80);
    await page.getByTestId('load-more').click();
    await expect.poll(() => cards.count(), POLL).toBe(106);
    expect(await page.getByTestId('load-more').count()).toBe(0);
    await ui.shot(page, 'manage-01-boards');

    await page.getByRole('link', { name: 'Big board' }).click();
    const tasks = page.getByTestId('task-card');
    await expect.poll(() => tasks.count(), POLL).toBe(80);
    await live(page);
    for (const shown of [160, 240, 250]) {
      await page.getByTestId('load-more').click();
      await expect.poll(() => tasks.count(), POLL).toBe(shown);
    }
    expect(await page.getByTestId('load-more').count()).toBe(0);
    // A live refetch keeps every loaded page: another admin's task arrives and nothing is lost.
    await admin(`mutation($input: CreateTaskInput!) { createTask(input: $input) { __typename } }`, {
      input: { boardId: ids.bigBoard, title: 'Task 250' },
    });
    await expect.poll(() => tasks.count(), POLL).toBe(251);
    await page.getByText('Task 249').waitFor();
  });

  it('renames and deletes board groups and deletes a board, saying what goes with them', async () => {
    await page.goto(`${ui.origin}/boards`);
    const ops = page.locator('[data-testid=group-head][data-name=Ops]');
    await ops.getByTestId('rename-group').click();
    await page.locator('input[name=group-rename]').fill('Operations');
    await page.getByTestId('group-rename').getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid=group-head][data-name=Operations]').waitFor();
    expect((await admin('{ boardGroups { name } }')).boardGroups.map((g: { name: string }) => g.name)).toContain(
      'Operations',
    );

    await page.locator('[data-testid=group-head][data-name=Lab]').getByTestId('delete-group').click();
    await expect.poll(() => page.locator('[data-testid=group-head][data-name=Lab]').count(), POLL).toBe(0);
    expect(first.dialogs.at(-1)).toContain('not deleted');
    // Its board stays, ungrouped.
    await page.getByRole('region', { name: 'Ungrouped' }).getByRole('link', { name: 'Small board' }).waitFor();
    await ui.shot(page, 'manage-02-groups');

    await page.getByRole('link', { name: 'Big board' }).click();
    await page.getByTestId('board-settings').click();
    await page.getByTestId('delete-board').click();
    await page.waitForURL(`${ui.origin}/boards`);
    expect(first.dialogs.at(-1)).toContain('251 tasks');
    const board = await ui.admin(organizationId, 'query($id: ID!) { board(id: $id) { id } }', { id: ids.bigBoard });
    expect(board.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('renames and deletes tags; a tag deleted elsewhere gives an inline error', async () => {
    await page.goto(`${ui.origin}/catalog`);
    await page.getByRole('button', { name: 'Rename tag urgent' }).click();
    await page.locator('input[name=tag-rename]').fill('critical');
    await page.getByTestId('tag-edit').getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid=tag][data-name=critical]').waitFor();

    await page.getByRole('button', { name: 'Delete tag critical' }).click();
    await expect.poll(() => page.locator('[data-testid=tag][data-name=critical]').count(), POLL).toBe(0);
    expect(first.dialogs.at(-1)).toContain('removed from every task');

    const stale = (await admin('{ tags { id name } }')).tags.find((tag: { name: string }) => tag.name === 'stale');
    await admin('mutation($id: ID!) { deleteTag(id: $id) { __typename } }', { id: stale.id });
    await page.getByRole('button', { name: 'Delete tag stale' }).click();
    await expect.poll(() => page.getByTestId('problem').getAttribute('data-code'), POLL).toBe('NOT_FOUND');
    await ui.shot(page, 'manage-03-tags');
  });

  it('lists all 120 agents and shows an agent’s page: live status, advice, teams, token, activity', async () => {
    await nav(page, 'Agents');
    const rows = page.getByTestId('agent-row');
    await expect.poll(() => rows.count(), POLL).toBe(50);
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows.count(), POLL).toBe(100);
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows.count(), POLL).toBe(120);

    await page.locator('[data-testid=agent-row][data-name=Ada]').getByRole('link', { name: 'Ada' }).click();
    await page.getByTestId('agent-name').getByText('Ada').waitFor();
    await live(page);
    // A registered gateway without a URL dials in and no bridge follows its inbox: provisioning waits for one
    // (OFFLINE after its deadline), with what to do.
    await expect.poll(() => page.getByTestId('agent-advice').textContent(), POLL).toContain('gateway bridge');
    expect(['PROVISIONING', 'OFFLINE']).toContain(await page.getByTestId('agent-status').getAttribute('data-status'));
    expect(await page.getByTestId('agent-gateway').textContent()).toBe('edge-m');
    expect(await page.getByTestId('agent-board').textContent()).toContain('Small board');
    expect(await page.getByTestId('agent-kind').textContent()).toBe('Worker');
    expect(await page.getByTestId('agent-teams').textContent()).toContain('Core');
    expect(await page.getByTestId('agent-capabilities').textContent()).toContain('python · expert');

    await page.getByTestId('rotate-token').click();
    const token = (await page.getByTestId('agent-token').locator('code').textContent())?.trim() ?? '';
    expect(token).toMatch(/^mca_/);
    // The agent works with its new token: its check-in turns the page ONLINE live, its move shows in its activity.
    const checkIn = await gql(ui.stack.url, 'mutation { agentCheckIn { __typename } }', {}, bearer(token));
    expect(checkIn.body.data.agentCheckIn.__typename).toBe('Agent');
    await expect.poll(() => page.getByTestId('agent-status').getAttribute('data-status'), POLL).toBe('ONLINE');
    const task = await admin(
      `mutation($input: CreateTaskInput!) { createTask(input: $input) { __typename ... on Task { id } } }`,
      { input: { boardId: ids.smallBoard, title: 'Agent work' } },
    );
    const moved = await gql(
      ui.stack.url,
      'mutation($id: ID!) { moveTask(id: $id, status: IN_PROGRESS) { __typename } }',
      { id: task.createTask.id },
      bearer(token),
    );
    expect(moved.body.data.moveTask.__typename).toBe('Task');
    await page.reload();
    await page
      .getByTestId('activity-list')
      .locator('[data-type="work.taskMoved"]')
      .first()
      .waitFor({ timeout: POLL.timeout });
    await ui.shot(page, 'manage-04-agent');
  });

  it('follows gateway status on the list and drops an agent deleted in another console', async () => {
    const second = await ui.signedIn();
    const other = second.page;
    await other.getByTestId('organization').selectOption(organizationId);
    await nav(other, 'Gateways');
    await live(other);
    const edge = other.locator('[data-testid=gateway-row][data-name=edge-m]');
    // Registered but silent (no heartbeat, no bridge): not ONLINE yet.
    expect(await edge.getByTestId('gateway-status').getAttribute('data-status')).not.toBe('ONLINE');
    // A heartbeat turns it ONLINE; a new gateway appears with its first heartbeat. No reload, no polling.
    expect((await heartbeat(ids.gateway, ids.gatewayCredential)).body.data.gatewayHeartbeat.__typename).toBe(
      'GatewayHeartbeatAck',
    );
    await expect.poll(() => edge.getByTestId('gateway-status').getAttribute('data-status'), POLL).toBe('ONLINE');
    const fresh = await registerGateway('edge-new');
    await heartbeat(fresh.id, fresh.credential);
    await other.locator('[data-testid=gateway-row][data-name=edge-new]').waitFor({ timeout: POLL.timeout });
    await ui.shot(other, 'manage-05-gateways-live');

    await nav(other, 'Agents');
    await live(other);
    const ada = other.locator('[data-testid=agent-row][data-name=Ada]');
    await ada.waitFor();
    // The first operator deletes Ada from its page; the second one's list drops it live.
    await page.getByTestId('delete-agent').click();
    await page.waitForURL(`${ui.origin}/agents`);
    expect(first.dialogs.at(-1)).toContain('team memberships');
    await expect.poll(() => ada.count(), POLL).toBe(0);

    // An agent page open elsewhere says the agent is gone.
    const doomed = other.locator('[data-testid=agent-row][data-name=agent-000]');
    await doomed.getByRole('link', { name: 'agent-000' }).click();
    await other.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
    await other.getByTestId('agent-name').waitFor();
    await live(other);
    const id = other.url().split('/').pop();
    const deleted = await admin('mutation($id: ID!) { deleteAgent(id: $id) { __typename } }', { id });
    expect(deleted.deleteAgent.__typename).toBe('DeleteAgentPayload');
    await other.getByTestId('agent-deleted').waitFor({ timeout: POLL.timeout });
    await ui.shot(other, 'manage-06-agent-deleted');
    expect(ui.cspViolations).toEqual([]);
  });
});
