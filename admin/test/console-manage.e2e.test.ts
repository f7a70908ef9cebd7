/**
 * The console's management gaps in Chromium against the embedded stack, with data seeded through the
 * API: lists past one page (106 boards, 250 tasks on a board, 120 agents, 103 gateways) load all of it
 * with "load more"; board groups and tags renamed and deleted (the confirmation says what goes with
 * them, a duplicate tag refused in place), a board deleted; groups, task counts and tags changed by
 * another admin arrive live (activityEvents); an agent's page (status live, error advice,
 * gateway, board, role, teams, capabilities, a token shown once, what it did; renamed, moved to another
 * board as its lead, a taken name refused in place); pickers past 100 gateways and boards ("more", and
 * a filter that loads the rest); an agent imported from a simulated gateway (unknown id, unreachable
 * gateway and a second import refused in place); the gateways list follows gatewayStatusChanged (no
 * polling: status, a gateway created, renamed and deleted by API; a gateway's page says it was deleted)
 * and a second operator's console drops a deleted agent live (agentStatusChanged with deleted); the
 * metrics page's board picker, a custom field's board bindings, 101 H5 users and one user's 101 chat
 * assignments all reach past 100. Screenshots in admin/test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql, type Proc, startSimulator } from '../../router/test/support/processes.ts';
import { ConsoleBrowser, type ConsoleSession, inBatches } from './support/browser.ts';

const POLL = { timeout: 20_000 };
const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const pad = (index: number) => String(index).padStart(3, '0');
const SIMULATOR_TOKEN = 'console-manage-simulator-token';
/** A dial-out gateway nothing listens on: asking it fails at once. */
const CLOSED_URL = 'ws://127.0.0.1:9';

describe('managing boards, tags and agents in the console', { timeout: 300_000 }, () => {
  const ui = new ConsoleBrowser();
  let first: ConsoleSession;
  let page: Page;
  let organizationId = '';
  let simulator: Proc | undefined;
  const ids = {
    bigBoard: '',
    smallBoard: '',
    ops: '',
    lab: '',
    gateway: '',
    gatewayCredential: '',
    ada: '',
    far: '',
    sim: '',
    board103: '',
  };

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
    const started = await startSimulator(SIMULATOR_TOKEN);
    simulator = started.proc;
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
    const seededBoards = await inBatches(range(104), 6, (index) => board(`Board ${pad(index)}`, null));
    ids.board103 = seededBoards[103] as string;
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
    // 101 dial-out gateways, then one on the simulator: 103 with edge-m, past a picker's first page.
    const dialOut = (name: string, url: string, token?: string) =>
      admin(
        `mutation($input: CreateGatewayInput!) { createGateway(input: $input) { __typename ... on Gateway { id } ... on DomainError { message } } }`,
        { input: { name, url, workspaceRoot: '/srv/agents', ...(token ? { token } : {}) } },
      ).then((data) => created(data.createGateway));
    const farOnes = await inBatches(range(101), 6, (index) => dialOut(`gw-${pad(index)}`, CLOSED_URL));
    ids.far = farOnes[100] as string;
    ids.sim = await dialOut('sim', started.url, SIMULATOR_TOKEN);
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

  afterAll(async () => {
    await ui.stop();
    await simulator?.stop();
  });

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
    await live(page);
    // Another admin's groups arrive live: created, renamed, deleted.
    const night = created(
      (
        await admin(
          `mutation { createBoardGroup(input: {name: "Night shift"}) { __typename ... on BoardGroup { id } } }`,
        )
      ).createBoardGroup,
    );
    const head = (name: string) => page.locator(`[data-testid=group-head][data-name="${name}"]`);
    await head('Night shift').waitFor({ timeout: POLL.timeout });
    await admin('mutation($id: ID!) { updateBoardGroup(id: $id, input: {name: "Late shift"}) { __typename } }', {
      id: night,
    });
    await head('Late shift').waitFor({ timeout: POLL.timeout });
    await admin('mutation($id: ID!) { deleteBoardGroup(id: $id) { __typename } }', { id: night });
    await expect.poll(() => head('Late shift').count(), POLL).toBe(0);
    // Task counts follow too: another admin's task on a board.
    const smallInbox = page
      .getByTestId('board-card')
      .filter({ has: page.getByRole('link', { name: 'Small board', exact: true }) })
      .locator('dd[data-status=INBOX]');
    expect(await smallInbox.textContent()).toBe('0');
    await admin(`mutation($input: CreateTaskInput!) { createTask(input: $input) { __typename } }`, {
      input: { boardId: ids.smallBoard, title: 'Counted live' },
    });
    await expect.poll(() => smallInbox.textContent(), POLL).toBe('1');

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

  it('renames and deletes tags, refuses a duplicate in place, and follows another admin’s tags live', async () => {
    await page.goto(`${ui.origin}/catalog`);
    await live(page);
    await page.getByRole('button', { name: 'Rename tag urgent' }).click();
    await page.locator('input[name=tag-rename]').fill('critical');
    await page.getByTestId('tag-edit').getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid=tag][data-name=critical]').waitFor();

    await page.getByRole('button', { name: 'Delete tag critical' }).click();
    await expect.poll(() => page.locator('[data-testid=tag][data-name=critical]').count(), POLL).toBe(0);
    expect(first.dialogs.at(-1)).toContain('removed from every task');

    await page.locator('input[name=tag-name]').fill('stale');
    await page.getByTestId('tag-form').getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByTestId('problem').getAttribute('data-code'), POLL).toBe('CONFLICT');

    // Another admin's tags arrive without a reload: created, renamed, deleted.
    const tag = (name: string) => page.locator(`[data-testid=tag][data-name=${name}]`);
    const fresh = created(
      (await admin('mutation { createTag(input: {name: "fresh", color: "#00aa00"}) { __typename ... on Tag { id } } }'))
        .createTag,
    );
    await tag('fresh').waitFor({ timeout: POLL.timeout });
    await admin('mutation($id: ID!) { updateTag(id: $id, input: {name: "fresher"}) { __typename } }', { id: fresh });
    await tag('fresher').waitFor({ timeout: POLL.timeout });
    const stale = (await admin('{ tags { id name } }')).tags.find((item: { name: string }) => item.name === 'stale');
    await admin('mutation($id: ID!) { deleteTag(id: $id) { __typename } }', { id: stale.id });
    await expect.poll(() => tag('stale').count(), POLL).toBe(0);
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

    // Renamed, moved to another board as its lead, from its page; a name taken on its gateway is refused in place.
    await page.getByTestId('edit-agent').click();
    const edit = page.getByTestId('agent-edit');
    await edit.locator('input[name=agent-rename]').fill('agent-001');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => edit.getByTestId('problem').getAttribute('data-code'), POLL).toBe('CONFLICT');
    await edit.locator('input[name=agent-rename]').fill('Ada Lovelace');
    await edit.locator('select[name=agent-move-board]').selectOption({ label: 'Board 000' });
    await edit.locator('select[name=agent-change-kind]').selectOption('LEAD');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('agent-name').textContent(), POLL).toBe('Ada Lovelace');
    expect(await page.getByTestId('agent-board').textContent()).toContain('Board 000');
    expect(await page.getByTestId('agent-kind').textContent()).toBe('Board lead');
    expect(await edit.count()).toBe(0);
    const saved = await admin('query($id: ID!) { agent(id: $id) { name kind board { name } } }', { id: ids.ada });
    expect(saved.agent).toEqual({ name: 'Ada Lovelace', kind: 'LEAD', board: { name: 'Board 000' } });
    await ui.shot(page, 'manage-04b-agent-edited');
  });

  it('pickers reach past 100 gateways and boards; an agent imported from its gateway, refusals in place', async () => {
    await nav(page, 'Agents');
    const form = page.getByTestId('agent-form');
    const picker = (name: string) => form.getByTestId('picker').filter({ has: page.locator(`select[name=${name}]`) });
    const options = (name: string) => form.locator(`select[name=${name}] option`);
    // The first page (100) and the prompt; "more" brings the rest.
    await expect.poll(() => options('agent-gateway').count(), POLL).toBe(101);
    await picker('agent-gateway').getByTestId('picker-more').click();
    await expect.poll(() => options('agent-gateway').count(), POLL).toBe(104);
    await form.locator('select[name=agent-gateway]').selectOption({ label: 'gw-100' });
    // A filter loads every remaining page and narrows the list.
    await form.locator('input[name=agent-board-filter]').fill('Board 103');
    await expect.poll(() => options('agent-board').allTextContents(), POLL).toEqual(['No board', 'Board 103']);
    await form.locator('select[name=agent-board]').selectOption({ label: 'Board 103' });
    await form.locator('input[name=agent-name]').fill('far-agent');
    await form.getByRole('button', { name: 'Create agent' }).click();
    const agentsOn = async (gatewayId: string) =>
      (
        await admin(
          'query($g: ID!) { agents(filter: {gatewayId: $g}) { nodes { name remoteAgentId board { name } } } }',
          {
            g: gatewayId,
          },
        )
      ).agents.nodes;
    await expect
      .poll(() => agentsOn(ids.far), POLL)
      .toEqual([{ name: 'far-agent', remoteAgentId: expect.any(String), board: { name: 'Board 103' } }]);
    await ui.shot(page, 'manage-05-pickers');

    // Import: an id the gateway does not have, a gateway that cannot be asked, then a real one, then again.
    await form.getByLabel('Import one its gateway already has').check();
    await form.locator('input[name=agent-board-filter]').fill('');
    await form.locator('select[name=agent-board]').selectOption({ label: 'No board' });
    const importAs = async (remoteId: string, gateway: string) => {
      await form.locator('input[name=agent-gateway-filter]').fill(gateway);
      await form.locator('select[name=agent-gateway]').selectOption({ label: gateway });
      await form.locator('input[name=agent-remote-id]').fill(remoteId);
      await form.getByRole('button', { name: 'Import agent' }).click();
    };
    const refusal = () => form.getByTestId('problem').getAttribute('data-code');
    await importAs('ghost', 'sim');
    await expect.poll(refusal, POLL).toBe('NOT_FOUND');
    await importAs('ghost', 'gw-000');
    await expect.poll(refusal, POLL).toBe('GATEWAY_UNAVAILABLE');
    expect(await form.getByTestId('problem').textContent()).toContain('could not be reached');
    await importAs('main', 'sim');
    await expect.poll(() => agentsOn(ids.sim), POLL).toEqual([{ name: 'main', remoteAgentId: 'main', board: null }]);
    await expect.poll(() => form.getByTestId('problem').count(), POLL).toBe(0);
    await importAs('main', 'sim');
    await expect.poll(refusal, POLL).toBe('CONFLICT');
    await ui.shot(page, 'manage-06-import');
  });

  it('follows gateway status on the list and drops an agent deleted in another console', async () => {
    const second = await ui.signedIn();
    const other = second.page;
    await other.getByTestId('organization').selectOption(organizationId);
    await nav(other, 'Gateways');
    await live(other);
    // 103 gateways: the first 100, the rest with "load more" (a live refetch keeps both pages).
    const gatewayRows = other.getByTestId('gateway-row');
    await expect.poll(() => gatewayRows.count(), POLL).toBe(100);
    await other.getByTestId('load-more').click();
    await expect.poll(() => gatewayRows.count(), POLL).toBe(103);
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
    expect(await gatewayRows.count()).toBe(104);
    // A dial-out gateway created by API appears at once (no heartbeat, well before its first probe), its
    // rename shows live on the list and on its page open elsewhere; deleted, its row goes and the page says so.
    const made = await admin(
      `mutation($input: CreateGatewayInput!) { createGateway(input: $input) { __typename ... on Gateway { id } ... on DomainError { message } } }`,
      { input: { name: 'edge-api', url: CLOSED_URL, workspaceRoot: '/srv/agents' } },
    );
    const apiGateway = created(made.createGateway);
    await other.locator('[data-testid=gateway-row][data-name=edge-api]').waitFor({ timeout: 10_000 });
    expect(await gatewayRows.count()).toBe(105);
    await page.goto(`${ui.origin}/gateways/${apiGateway}`);
    await page.getByTestId('gateway-name').getByText('edge-api').waitFor();
    await live(page);
    const renamed = await admin(
      'mutation($id: ID!) { updateGateway(id: $id, input: {name: "edge-api-renamed"}) { __typename } }',
      { id: apiGateway },
    );
    expect(renamed.updateGateway.__typename).toBe('Gateway');
    await other.locator('[data-testid=gateway-row][data-name=edge-api-renamed]').waitFor({ timeout: 10_000 });
    await page.getByTestId('gateway-name').getByText('edge-api-renamed').waitFor({ timeout: 10_000 });
    expect(await other.locator('[data-testid=gateway-row][data-name=edge-api]').count()).toBe(0);
    const removed = await admin('mutation($id: ID!) { deleteGateway(id: $id) { __typename } }', { id: apiGateway });
    expect(removed.deleteGateway.__typename).toBe('DeleteGatewayPayload');
    await expect.poll(() => gatewayRows.count(), { timeout: 10_000 }).toBe(104);
    await page.getByTestId('gateway-deleted').waitFor({ timeout: 10_000 });
    await ui.shot(page, 'manage-07-gateway-deleted');
    await ui.shot(other, 'manage-07-gateways-live');

    await nav(other, 'Agents');
    await live(other);
    const ada = other.locator('[data-testid=agent-row][data-name="Ada Lovelace"]');
    await ada.waitFor();
    // The first operator deletes Ada from its page; the second one's list drops it live.
    await page.goto(`${ui.origin}/agents/${ids.ada}`);
    await page.getByTestId('agent-name').getByText('Ada Lovelace').waitFor();
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
    await ui.shot(other, 'manage-08-agent-deleted');
    expect(ui.cspViolations).toEqual([]);
  });

  it('reaches past 100 on the metrics board scope, field bindings, H5 users and their assignments', async () => {
    // Metrics: the board picker pages past 100 boards; its filter loads the rest.
    await nav(page, 'Metrics');
    const scopeOptions = page.locator('select[name=scope-board] option');
    await expect.poll(() => scopeOptions.count(), POLL).toBe(101);
    await page.locator('input[name=scope-board-filter]').fill('Board 103');
    // The filter narrows to Board 103 (the board chosen first stays listed while it is the choice).
    await expect.poll(() => scopeOptions.allTextContents(), POLL).toContain('Board 103');
    expect(await scopeOptions.count()).toBeLessThanOrEqual(3);
    await page.locator('select[name=scope-board]').selectOption({ label: 'Board 103' });
    expect(await page.locator('select[name=scope-board]').inputValue()).toBe(ids.board103);
    await page.getByTestId('flow-chart').waitFor();

    // Tags & fields: a field's board bindings go past the first 100 boards with "load more".
    const field = await admin(
      'mutation { createCustomField(input: {key: "far_field", label: "Far field", type: TEXT}) { __typename ... on CustomField { id } } }',
    );
    const fieldId = created(field.createCustomField);
    await page.goto(`${ui.origin}/catalog`);
    const bindings = page.getByTestId('field-board');
    await expect.poll(() => bindings.count(), POLL).toBe(100);
    await page.getByTestId('load-more').click();
    await expect.poll(() => bindings.count(), POLL).toBe(105);
    await page.locator('[data-testid=field-board][data-board="Board 103"] input').check();
    await expect
      .poll(
        async () =>
          (await admin('query($id: ID!) { board(id: $id) { customFields { id } } }', { id: ids.board103 })).board
            .customFields,
        POLL,
      )
      .toEqual([{ id: fieldId }]);

    // H5 users: 101 registered through the API, the last ones behind "load more"; one user with 101 agents.
    const h5Ids = await inBatches(range(101), 6, async (index) => {
      const registered = await gql(
        ui.stack.url,
        `mutation($input: H5RegisterInput!) { h5Register(input: $input) { __typename ... on H5Session { user { id } } ... on DomainError { message } } }`,
        {
          input: {
            organizationId,
            email: `h5-${pad(index)}@example.test`,
            password: 'correct horse battery',
            displayName: `H5 ${pad(index)}`,
          },
        },
      );
      const result = registered.body.data.h5Register;
      if (result.__typename !== 'H5Session') throw new Error(`h5Register: ${result.message}`);
      return result.user.id as string;
    });
    const agentIds: string[] = [];
    let after: string | null = null;
    do {
      const data: any = await admin(
        'query($after: String) { agents(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      agentIds.push(...data.agents.nodes.map((node: { id: string }) => node.id));
      after = data.agents.pageInfo.hasNextPage ? data.agents.pageInfo.endCursor : null;
    } while (after);
    expect(agentIds.length).toBeGreaterThan(100);
    const busy = h5Ids[0] as string;
    // Chat learns of H5 users from events: retry an assignment refused while it has not yet.
    await inBatches(agentIds.slice(0, 101), 6, async (agentId) => {
      await expect
        .poll(async () => {
          const data = await admin(
            'mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename ... on DomainError { code } } }',
            { input: { agentId, h5UserId: busy } },
          );
          return data.assignChatAgent.__typename === 'ChatAssignment' || data.assignChatAgent.code === 'CONFLICT';
        }, POLL)
        .toBe(true);
    });
    await nav(page, 'Organization');
    const users = page.getByTestId('h5-user');
    await expect.poll(() => users.count(), POLL).toBe(100);
    await page.getByTestId('load-more').click();
    await expect.poll(() => users.count(), POLL).toBe(101);
    const busyRow = page.locator('[data-testid=h5-user][data-email="h5-000@example.test"]');
    await expect.poll(() => busyRow.getByTestId('assignment').count(), POLL).toBe(101);
    await ui.shot(page, 'manage-09-h5-users');
    expect(ui.cspViolations).toEqual([]);
  });
});
