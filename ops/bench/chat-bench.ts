/**
 * Chat benchmark (`pnpm bench:chat`): N concurrent H5 users (default 500) chat through the router
 * with simulated agents. The real subgraph processes (identity, work, governance, fleet, chat) and
 * the production router run on a fresh PostgreSQL database and Redis. Agents are announced ONLINE on
 * the event stream (as fleet does) and answer with their own agent tokens: each agent follows its
 * sessions over graphql-ws and posts a reply (`postAgentMessage`) as soon as it sees a user message.
 * Each user follows its session over graphql-ws and sends at a steady rate; the round trip is from
 * the send to the agent's reply arriving on the user's subscription. Every message is checked: lost
 * (no reply, or not in the history) and duplicated (an event or a stored message seen twice) must be 0.
 *
 * Settings (env): CHAT_BENCH_USERS (500), CHAT_BENCH_AGENTS (10), CHAT_BENCH_SECONDS (60),
 * CHAT_BENCH_INTERVAL_MS (5000: one message per user per interval), CHAT_BENCH_NAME (results file
 * suffix), BENCH_POSTGRES_URL, REDIS_URL. Writes `ops/bench/results/chat.md` and `chat.json`.
 *
 *   node ops/bench/chat-bench.ts [--out=<dir or file.md>] [--profile=<dir>]
 * `--out` writes the report elsewhere (trial runs; `x.md` also writes `x.json`). `--profile` runs the
 * router and every subgraph with `--cpu-prof` into that folder (`processes.json` maps pids to names).
 * Every run reports CPU per message of each process and of the bench database's PostgreSQL backends
 * during the load, and the database's transactions per message (pg_stat_database): on a shared
 * machine these say more than the wall clock.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEventStream } from '@mc/kit';
import { type Client, createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import {
  bearer,
  freshDatabase,
  gql,
  type ProductionStack,
  startProductionStack,
} from '../../router/test/support/processes.ts';
import { loadOpsEnv } from '../env.ts';
import { cpuSeconds } from './peers/measure.ts';

const root = resolve(import.meta.dirname, '../..');
const resultsDir = join(root, 'ops/bench/results');
const opsEnv = loadOpsEnv();
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = number('CHAT_BENCH_USERS', 500);
const AGENTS = number('CHAT_BENCH_AGENTS', 10);
const SECONDS = number('CHAT_BENCH_SECONDS', 60);
const INTERVAL_MS = number('CHAT_BENCH_INTERVAL_MS', 5_000);
/** Another name for the results (`chat-<name>.md`), e.g. for a run at a lower rate beside the default one. */
const OUTPUT = process.env.CHAT_BENCH_NAME ? `chat-${process.env.CHAT_BENCH_NAME}` : 'chat';
const { values: args } = parseArgs({ options: { out: { type: 'string' }, profile: { type: 'string' } } });
/** Where the report goes: the committed results, or `--out` (a folder, or a `.md` file with its `.json` beside). */
const outFiles = (() => {
  const out = args.out ? resolve(args.out) : resultsDir;
  if (out.endsWith('.md')) return { md: out, json: out.replace(/\.md$/, '.json') };
  return { md: join(out, `${OUTPUT}.md`), json: join(out, `${OUTPUT}.json`) };
})();
const PROFILE_DIR = args.profile ? resolve(args.profile) : null;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DRAIN_MS = 60_000;
const PASSWORD = 'correct horse battery';

const EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
  type sequence message { id author text clientMessageId } } }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
  ... on ChatMessage { id sequence } ... on DomainError { code retryAfterSeconds } } }`;
const POST = `mutation($input: PostAgentMessageInput!) { postAgentMessage(input: $input) { __typename
  ... on DomainError { code } } }`;

interface ChatEvent {
  type: string;
  sequence: number | null;
  message: { id: string; author: string; text: string; clientMessageId: string | null } | null;
}

function socket(url: string, token: string): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
  });
}

/** Subscribes and resolves once the first event (PRESENCE) arrived: the session is followed from then on. */
function follow(client: Client, sessionId: string, onEvent: (event: ChatEvent) => void, onEnd: (why: string) => void) {
  return new Promise<() => void>((ready, fail) => {
    let started = false;
    const stop = client.subscribe<{ chatEvents: ChatEvent }>(
      { query: EVENTS, variables: { sessionId } },
      {
        next: (result) => {
          if (result.errors) onEnd(JSON.stringify(result.errors));
          if (!result.data) return;
          if (!started) {
            started = true;
            ready(stop);
          }
          onEvent(result.data.chatEvents);
        },
        error: (error) => {
          onEnd(String(error instanceof Error ? error.message : JSON.stringify(error)));
          if (!started) fail(error);
        },
        complete: () => onEnd('completed'),
      },
    );
  });
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const log = (text: string) => process.stderr.write(`chat-bench: ${text}\n`);

/** Load average before anything of ours started: other work on the machine skews every number. */
const loadBefore = loadavg();

async function main() {
  const db = await freshDatabase(opsEnv.BENCH_POSTGRES_URL);
  const profiling = PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : undefined;
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const stack = await startProductionStack({
    postgresUrl: db.url,
    redisUrl: REDIS_URL,
    routerEnv: profiling,
    subgraphEnv: profiling,
  });
  const processes = processNames(stack);
  if (PROFILE_DIR) writeFileSync(join(PROFILE_DIR, 'processes.json'), `${JSON.stringify(processes, null, 2)}\n`);
  const stats = new pg.Client({ connectionString: db.url });
  await stats.connect();
  const fleet = createEventStream(REDIS_URL, stack.env.EVENT_STREAM_PREFIX);
  const clients: Client[] = [];
  try {
    const url = stack.routerUrl;
    const local = stack.env.LOCAL_AUTH_TOKEN;
    const org = await gql(
      url,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
      { input: { name: 'Chat bench', slug: `chat-bench-${Date.now()}` } },
      bearer(local),
    );
    const orgId: string = org.body.data.createOrganization.id;
    const admin = bearer(local, orgId);

    // Agents, as fleet announces them, each with its own token.
    const agents = await inBatches(
      Array.from({ length: AGENTS }, (_, i) => i),
      10,
      async (i) => {
        const agentId = randomUUID();
        await fleet.append([
          {
            id: randomUUID(),
            topic: 'fleet.agentCreated',
            organizationId: orgId,
            actor: { kind: 'system', id: 'fleet' },
            occurredAt: new Date().toISOString(),
            payload: { agentId, organizationId: orgId, boardId: null, name: `agent-${i}`, status: 'ONLINE' },
          },
        ]);
        const created = await gql(
          url,
          `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
            ... on CreatedMachineCredential { token } } }`,
          { input: { organizationId: orgId, agentId, name: `bench-${i}` } },
          admin,
        );
        return { agentId, token: created.body.data.createAgentToken.token as string };
      },
    );

    log(`registering ${USERS} H5 users…`);
    const registeredAt = Date.now();
    const users = await inBatches(
      Array.from({ length: USERS }, (_, i) => i),
      25,
      async (i) => {
        const response = await gql(
          url,
          `mutation($input: H5RegisterInput!) { h5Register(input: $input) { __typename
            ... on H5Session { accessToken user { id } } ... on DomainError { code } } }`,
          {
            input: {
              organizationId: orgId,
              email: `u${i}-${Date.now()}@bench.test`,
              password: PASSWORD,
              displayName: `u${i}`,
            },
          },
        );
        const session = response.body.data?.h5Register;
        if (session?.__typename !== 'H5Session') throw new Error(`register ${i}: ${JSON.stringify(response.body)}`);
        return {
          index: i,
          h5UserId: session.user.id as string,
          token: session.accessToken as string,
          agent: agents[i % AGENTS],
        };
      },
    );
    log(`registered in ${((Date.now() - registeredAt) / 1000).toFixed(1)} s; assigning and opening sessions…`);

    const sessions = await inBatches(users, 25, async (user) => {
      // The user's own signed call records them in chat at once (no wait for identity's event).
      await gql(url, '{ myChatAssignments { id } }', {}, bearer(user.token));
      for (let tries = 0; ; tries++) {
        const assigned = await gql(
          url,
          `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename ... on DomainError { code } } }`,
          { input: { agentId: user.agent.agentId, h5UserId: user.h5UserId } },
          admin,
        );
        if (assigned.body.data?.assignChatAgent.__typename === 'ChatAssignment') break;
        if (tries > 600) throw new Error(`assign: ${JSON.stringify(assigned.body)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const opened = await gql(
        url,
        'mutation($agentId: ID!) { openChatSession(agentId: $agentId) { __typename ... on ChatSession { id } ... on DomainError { code } } }',
        { agentId: user.agent.agentId },
        bearer(user.token),
      );
      const sessionId = opened.body.data?.openChatSession.id;
      if (!sessionId) throw new Error(`open: ${JSON.stringify(opened.body)}`);
      return { ...user, sessionId: sessionId as string };
    });

    // Bookkeeping for every message.
    const sentAt = new Map<string, number>();
    const roundTrips: number[] = [];
    const sendAcks: number[] = [];
    const repliesSeen = new Map<string, number>();
    const ownEchoes = new Map<string, number>();
    const ends: string[] = [];
    let sendErrors = 0;
    let duplicateEvents = 0;

    // Agents: one connection each, one subscription per session; answer every user message once seen.
    log('agents follow their sessions…');
    const agentClients = new Map(agents.map((agent) => [agent.agentId, socket(url, agent.token)]));
    clients.push(...agentClients.values());
    const answered = new Set<string>();
    await inBatches(sessions, 50, async (session) => {
      const agent = session.agent;
      const seenSequences = new Set<number>();
      await follow(
        agentClients.get(agent.agentId)!,
        session.sessionId,
        (event) => {
          if (event.sequence != null) {
            if (seenSequences.has(event.sequence)) duplicateEvents++;
            seenSequences.add(event.sequence);
          }
          const message = event.message;
          if (event.type !== 'MESSAGE_CREATED' || message?.author !== 'H5_USER' || !message.clientMessageId) return;
          if (answered.has(message.id)) return;
          answered.add(message.id);
          void gql(
            url,
            POST,
            {
              input: {
                sessionId: session.sessionId,
                text: `re:${message.clientMessageId}`,
                clientMessageId: `re-${message.clientMessageId}`,
              },
            },
            bearer(agent.token),
          ).catch(() => {
            sendErrors++;
          });
        },
        (why) => ends.push(`agent ${agent.agentId}: ${why}`),
      );
    });

    // Users: one connection each, following their session.
    log('users follow their sessions…');
    await inBatches(sessions, 50, async (session) => {
      const client = socket(url, session.token);
      clients.push(client);
      const seenSequences = new Set<number>();
      await follow(
        client,
        session.sessionId,
        (event) => {
          if (event.sequence != null) {
            if (seenSequences.has(event.sequence)) duplicateEvents++;
            seenSequences.add(event.sequence);
          }
          const message = event.message;
          if (event.type !== 'MESSAGE_CREATED' || !message) return;
          if (message.author === 'H5_USER' && message.clientMessageId) {
            ownEchoes.set(message.clientMessageId, (ownEchoes.get(message.clientMessageId) ?? 0) + 1);
            return;
          }
          const id = message.text.startsWith('re:') ? message.text.slice(3) : null;
          if (!id) return;
          const count = (repliesSeen.get(id) ?? 0) + 1;
          repliesSeen.set(id, count);
          const started = sentAt.get(id);
          if (count === 1 && started !== undefined) roundTrips.push(performance.now() - started);
        },
        (why) => ends.push(`user ${session.index}: ${why}`),
      );
    });

    // Steady load: each user sends every INTERVAL_MS, starts spread over the first interval.
    log(
      `${USERS} users × 1 message / ${INTERVAL_MS} ms for ${SECONDS} s (${((USERS * 1000) / INTERVAL_MS).toFixed(0)} msg/s)…`,
    );
    const cpuBefore = await cpuSnapshot(processes, stats);
    const loadStarted = performance.now();
    const loadEnds = loadStarted + SECONDS * 1000;
    await Promise.all(
      sessions.map(async (session) => {
        await new Promise((r) => setTimeout(r, (session.index / USERS) * INTERVAL_MS));
        for (let k = 0; performance.now() < loadEnds; k++) {
          const tickAt = performance.now();
          const clientMessageId = `${session.index}-${k}`;
          sentAt.set(clientMessageId, tickAt);
          try {
            const response = await gql(
              url,
              SEND,
              { input: { sessionId: session.sessionId, clientMessageId, text: `hello ${k}` } },
              bearer(session.token),
            );
            if (response.body.data?.sendMessage.__typename !== 'ChatMessage') sendErrors++;
            sendAcks.push(performance.now() - tickAt);
          } catch {
            sendErrors++;
          }
          const wait = tickAt + INTERVAL_MS - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
      }),
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    log('draining…');
    const drainUntil = Date.now() + DRAIN_MS;
    while (Date.now() < drainUntil && repliesSeen.size < sentAt.size) await new Promise((r) => setTimeout(r, 250));
    // Backends report their statistics at most once a second.
    await new Promise((r) => setTimeout(r, 1_500));
    const cpuAfter = await cpuSnapshot(processes, stats);

    // The stored history must hold each message exactly once.
    log('checking histories…');
    let storedDuplicates = 0;
    let storedMissing = 0;
    await inBatches(sessions, 25, async (session) => {
      const texts = new Map<string, number>();
      let after: string | null = null;
      for (;;) {
        const page: { body: any } = await gql(
          url,
          `query($id: ID!, $after: String) { chatSession(id: $id) { messages(first: 100, after: $after) {
            nodes { author clientMessageId } pageInfo { hasNextPage endCursor } } } }`,
          { id: session.sessionId, after },
          bearer(session.token),
        );
        const messages = page.body.data.chatSession.messages;
        for (const node of messages.nodes) {
          if (node.author === 'H5_USER') texts.set(node.clientMessageId, (texts.get(node.clientMessageId) ?? 0) + 1);
        }
        if (!messages.pageInfo.hasNextPage) break;
        after = messages.pageInfo.endCursor;
      }
      for (const [id] of sentAt) {
        if (!id.startsWith(`${session.index}-`)) continue;
        const count = texts.get(id) ?? 0;
        if (count === 0) storedMissing++;
        if (count > 1) storedDuplicates += count - 1;
      }
    });

    const sent = sentAt.size;
    const lostReplies = [...sentAt.keys()].filter((id) => !repliesSeen.has(id)).length;
    const duplicatedReplies = [...repliesSeen.values()].filter((count) => count > 1).length;
    const duplicatedEchoes = [...ownEchoes.values()].filter((count) => count > 1).length;
    const sorted = [...roundTrips].sort((a, b) => a - b);
    const acks = [...sendAcks].sort((a, b) => a - b);
    const perMessage = (value: number) => Number(((value * 1000) / Math.max(1, sent)).toFixed(2));
    const cpuMsPerMessage: Record<string, number> = {};
    for (const name of Object.keys(cpuAfter.processes)) {
      cpuMsPerMessage[name] = perMessage(cpuAfter.processes[name] - (cpuBefore.processes[name] ?? 0));
    }
    let postgresSeconds = 0;
    for (const [pid, seconds] of cpuAfter.postgres) {
      const delta = seconds - (cpuBefore.postgres.get(pid) ?? 0);
      if (Number.isFinite(delta)) postgresSeconds += delta;
    }
    cpuMsPerMessage.postgres = perMessage(postgresSeconds);
    const result = {
      date: new Date().toISOString(),
      users: USERS,
      agents: AGENTS,
      seconds: SECONDS,
      intervalMs: INTERVAL_MS,
      messagesSent: sent,
      messagesPerSecond: Number((sent / loadSeconds).toFixed(1)),
      roundTripP50Ms: Number(percentile(sorted, 50).toFixed(1)),
      roundTripP90Ms: Number(percentile(sorted, 90).toFixed(1)),
      roundTripP99Ms: Number(percentile(sorted, 99).toFixed(1)),
      roundTripMaxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
      sendAckP50Ms: Number(percentile(acks, 50).toFixed(1)),
      sendAckP99Ms: Number(percentile(acks, 99).toFixed(1)),
      lostReplies,
      duplicatedReplies,
      duplicatedEchoes,
      duplicateEvents,
      storedMissing,
      storedDuplicates,
      sendErrors,
      subscriptionsEnded: ends.length,
      /** CPU ms per message (one send and its reply) during the load and drain, per process. */
      cpuMsPerMessage,
      /** The bench database's transactions (a statement outside one counts as one) per message. */
      dbTransactionsPerMessage: Number(
        ((cpuAfter.transactions - cpuBefore.transactions) / Math.max(1, sent)).toFixed(1),
      ),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        loadBefore,
        load: loadavg(),
      },
    };
    mkdirSync(dirname(outFiles.md), { recursive: true });
    writeFileSync(outFiles.json, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(outFiles.md, report(result, ends));
    console.log(JSON.stringify(result, null, 2));
    const ok =
      lostReplies + duplicatedReplies + duplicatedEchoes + duplicateEvents + storedMissing + storedDuplicates === 0;
    if (!ok) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await stats.end();
    await fleet.close();
    await stack.stop();
    await db.drop();
  }
}

/** The pid of each process of the stack by name (`router`, `chat`, …). */
function processNames(stack: ProductionStack): Record<string, number> {
  const names: Record<string, number> = {};
  for (const proc of stack.procs) {
    const script = proc.child.spawnargs[1] ?? '';
    const name = script.includes('/subgraphs/') ? basename(dirname(dirname(script))) : 'router';
    if (proc.child.pid !== undefined) names[name] = proc.child.pid;
  }
  return names;
}

/** CPU seconds so far of each process, of the bench database's backends together, and its transactions. */
async function cpuSnapshot(processes: Record<string, number>, stats: pg.Client) {
  const cpu: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) cpu[name] = cpuSeconds(pid);
  const backends = await stats.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  const database = await stats.query<{ transactions: string }>(
    'select xact_commit + xact_rollback as transactions from pg_stat_database where datname = current_database()',
  );
  // By backend: one that started during the load counts from zero (one that ended is missed; pools keep theirs busy).
  const postgres = new Map(backends.rows.map((row) => [row.pid, cpuSeconds(row.pid)] as const));
  return { processes: cpu, postgres, transactions: Number(database.rows[0]?.transactions ?? 0) };
}

function report(r: Record<string, any>, ends: string[]): string {
  return `# Chat benchmark

\`pnpm bench:chat\` (ops/bench/chat-bench.ts), run ${r.date}.

${r.users} H5 users, each on its own graphql-ws connection following its session through the production
router, chatting with ${r.agents} simulated agents (each agent one connection, one subscription per
session, answering every user message with \`postAgentMessage\` as soon as its subscription sees it).
Real identity, work, governance, fleet and chat processes on PostgreSQL + Redis, all on this machine
(${r.machine.cpus} cores, ${r.machine.model}, ${r.machine.memoryGb} GB; load average before the run
${r.machine.loadBefore.map((l: number) => l.toFixed(1)).join(' ')}, at the end ${r.machine.load.map((l: number) => l.toFixed(1)).join(' ')}).
Steady rate: every user sends one message every ${r.intervalMs} ms for ${r.seconds} s.

| measure | value |
|---|---|
| messages sent | ${r.messagesSent} (${r.messagesPerSecond} msg/s; as many replies) |
| round trip p50 (send → agent's reply on the user's subscription) | ${r.roundTripP50Ms} ms |
| round trip p90 | ${r.roundTripP90Ms} ms |
| round trip p99 | ${r.roundTripP99Ms} ms |
| round trip max | ${r.roundTripMaxMs} ms |
| sendMessage acknowledged p50 / p99 | ${r.sendAckP50Ms} / ${r.sendAckP99Ms} ms |
| lost replies (never arrived) | ${r.lostReplies} |
| duplicated replies / own messages on the subscription | ${r.duplicatedReplies} / ${r.duplicatedEchoes} |
| duplicate stream positions (any subscriber) | ${r.duplicateEvents} |
| messages missing / duplicated in the stored history | ${r.storedMissing} / ${r.storedDuplicates} |
| send or post errors | ${r.sendErrors} |
| subscriptions ended early | ${r.subscriptionsEnded} |
| CPU ms per message (send + reply), by process | ${Object.entries(r.cpuMsPerMessage)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')} |
| database transactions per message | ${r.dbTransactionsPerMessage} |

The round trip contains two mutations through the router (the user's send, the agent's post), both
committed to PostgreSQL with the session's next sequence, and two subscription deliveries through the
router (the user's message to the agent, the reply to the user). The issue's goal is p99 ≤ 30 ms on
loopback; the whole stack shares ${r.machine.cpus} cores with the load generator here.
${
  ends.length
    ? `\nEnded subscriptions (first 5):\n\n${ends
        .slice(0, 5)
        .map((e) => `- ${e}`)
        .join('\n')}\n`
    : ''
}`;
}

await main();
