/**
 * Chat benchmark (`pnpm bench:chat`): N concurrent H5 users (default 500) chat through the router
 * with agents on a dial-in gateway, as in production with dial-in. The real subgraph processes
 * (identity, work, governance, fleet, chat) and the production router run on a fresh PostgreSQL
 * database and Redis. The agents' side is real too: one gateway registered through the API
 * (registration token → `registerGateway`), the OpenClaw gateway simulator as its own process, and the
 * gateway bridge (`ops/gateway-bridge/main.ts`) as its own process following the gateway's inbox through
 * the router with its `mcg_` credential. The agents are created by the admin API on that gateway, fleet
 * provisions them through the bridge, and they check in (ONLINE). So every message goes user → chat →
 * fleet's relay → the gateway's inbox → bridge → simulator, whose streamed reply comes back through the
 * bridge (`gatewayEvents`, batched) → fleet (`fleet.agentReply`) → chat → the user's subscription.
 * Each user follows its session over graphql-ws and sends at a steady rate; the round trip is from
 * the send to the agent's stored reply arriving on the user's subscription. Every message is checked:
 * lost (no reply, or not in the history), duplicated (an event or a stored message seen twice) and
 * failed (a FAILED reply in the history) must be 0.
 *
 * Settings (env): CHAT_BENCH_USERS (500), CHAT_BENCH_AGENTS (10), CHAT_BENCH_SECONDS (60),
 * CHAT_BENCH_INTERVAL_MS (5000: one message per user per interval), CHAT_BENCH_REPLY_CHUNKS (1: the
 * simulator streams each reply as this many deltas, then the final; no delay between them),
 * CHAT_BENCH_NAME (results file suffix), CHAT_BENCH_KEEP_DB (1: keep the bench database), BENCH_POSTGRES_URL, REDIS_URL, CHAT_RELAY_CONCURRENCY (passed to
 * fleet when set: how many messages one fleet process relays at once, each until its run's final event). Writes
 * `ops/bench/results/chat.md` and `chat.json`.
 *
 *   node ops/bench/chat-bench.ts [--out=<dir or file.md>] [--profile=<dir>]
 * `--out` writes the report elsewhere (trial runs; `x.md` also writes `x.json`). `--profile` runs the
 * router and every subgraph with `--cpu-prof` into that folder (`processes.json` maps pids to names).
 * Every run reports CPU per message of each process (the bridge and the simulator, the gateway's side,
 * apart) and of the bench database's PostgreSQL backends during the load, and the database's
 * transactions per message (pg_stat_database): on a shared machine these say more than the wall clock.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RELAY_QUEUE } from '@mc/fleet/chat-relay';
import { createJobQueue } from '@mc/kit';
import { type Client, createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import {
  bearer,
  freshDatabase,
  gql,
  type Proc,
  spawnNode,
  startProductionStack,
  startSimulator,
  tempDir,
} from '../../router/test/support/processes.ts';
import { loadOpsEnv } from '../env.ts';
import { checkHistories, inBatches } from './chat/history.ts';
import { hopBreakdown } from './chat/hops.ts';
import { cpuSnapshot, processNames } from './chat/measure.ts';
import { renderChatReport } from './chat/report.ts';

const root = resolve(import.meta.dirname, '../..');
const resultsDir = join(root, 'ops/bench/results');
const opsEnv = loadOpsEnv();
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = number('CHAT_BENCH_USERS', 500);
const AGENTS = number('CHAT_BENCH_AGENTS', 10);
const SECONDS = number('CHAT_BENCH_SECONDS', 60);
const INTERVAL_MS = number('CHAT_BENCH_INTERVAL_MS', 5_000);
const REPLY_CHUNKS = Math.max(1, number('CHAT_BENCH_REPLY_CHUNKS', 1));
/** Keep the bench database afterwards (its URL is printed), to look into a run. */
const KEEP_DB = process.env.CHAT_BENCH_KEEP_DB === '1';
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
/** After the drain, how long the bench still waits for late replies (while fleet's relay has a backlog). */
const LATE_MS = 180_000;
const PASSWORD = 'correct horse battery';
/** How long the gateway's set-up (bridge connected, agents provisioned and checked in) may take on a busy machine. */
const SETUP_TIMEOUT_MS = 300_000;
const GATEWAY_TOKEN = 'chat-bench-simulated-gateway';

const EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
  type sequence message { id author text clientMessageId } } }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
  ... on ChatMessage { id sequence } ... on DomainError { code retryAfterSeconds } } }`;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id status } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts lastError } }`;
const ROTATE = `mutation($id: ID!) { rotateAgentToken(agentId: $id) { ... on AgentToken { token } } }`;
const CHECK_IN = `mutation { agentCheckIn { __typename ... on Agent { status } ... on DomainError { code } } }`;
const CONNECTION = `query($id: ID!) { gateway(id: $id) { connection { state } } }`;
/** The simulator's reply names the message it answers: `… You said: hello <clientMessageId>`. */
const REPLY_TO = / You said: hello (\S+)$/;

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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const log = (text: string) => process.stderr.write(`chat-bench: ${text}\n`);

/** Polls `read` until `done` says so; throws naming `what` (with the last value) after `timeoutMs`. */
async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + SETUP_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

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
    subgraphEnv: {
      ...profiling,
      ...(process.env.CHAT_RELAY_CONCURRENCY ? { CHAT_RELAY_CONCURRENCY: process.env.CHAT_RELAY_CONCURRENCY } : {}),
    },
  });
  const processes = processNames(stack);
  // Fleet's relay queue on this stack's Redis keys (read-only here): its backlog tells late from lost.
  const relayQueue = createJobQueue<unknown>({
    redisUrl: REDIS_URL,
    subgraph: 'fleet',
    name: RELAY_QUEUE,
    streamPrefix: stack.env.EVENT_STREAM_PREFIX,
  });
  const stats = new pg.Client({ connectionString: db.url });
  await stats.connect();
  // Messages fleet's relay has not finished: queued jobs, and first attempts still under their lease.
  const relayPendingCount = async () =>
    (await relayQueue.pending()) +
    Number((await stats.query('select count(*) as n from fleet.chat_relay_leases')).rows[0].n);
  const clients: Client[] = [];
  // The gateway's side: the simulator and the bridge, each its own process.
  const gatewaySide: Proc[] = [];
  const bridgeDir = tempDir('chat-bench-bridge');
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

    // One dial-in gateway, registered through the API; the simulator behind it and its bridge.
    const simulator = await startSimulator(GATEWAY_TOKEN, [
      '--reply-chunks',
      String(REPLY_CHUNKS),
      '--reply-chunk-delay-ms',
      '0',
    ]);
    gatewaySide.push(simulator.proc);
    const minted = await gql(
      url,
      'mutation { createGatewayRegistrationToken { ... on GatewayRegistrationToken { token } } }',
      {},
      admin,
    );
    const registered = await gql(
      url,
      `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) {
        __typename ... on GatewayRegistration { credential gateway { id } } ... on DomainError { code } } }`,
      { input: { token: minted.body.data?.createGatewayRegistrationToken?.token, name: 'bench', version: '2026.9.6' } },
    );
    const registration = registered.body.data?.registerGateway;
    if (registration?.__typename !== 'GatewayRegistration') {
      throw new Error(`registerGateway: ${JSON.stringify(registered.body)}`);
    }
    const gatewayId: string = registration.gateway.id;
    const bridge = spawnNode(
      'ops/gateway-bridge/main.ts',
      {
        MC_URL: url,
        MC_GATEWAY_ID: gatewayId,
        MC_GATEWAY_CREDENTIAL: registration.credential,
        OPENCLAW_URL: simulator.url,
        OPENCLAW_TOKEN: GATEWAY_TOKEN,
        BRIDGE_STATE_FILE: join(bridgeDir, 'state.json'),
        ...profiling,
      },
      /gateway bridge: ws:/,
    );
    gatewaySide.push(bridge.proc);
    await bridge.ready;
    for (const [name, proc] of [
      ['simulator', simulator.proc],
      ['bridge', bridge.proc],
    ] as const) {
      if (proc.child.pid !== undefined) processes[name] = proc.child.pid;
    }
    if (PROFILE_DIR) writeFileSync(join(PROFILE_DIR, 'processes.json'), `${JSON.stringify(processes, null, 2)}\n`);
    await eventually(
      'the bridge follows the inbox',
      async () => (await gql(url, CONNECTION, { id: gatewayId }, admin)).body.data?.gateway?.connection?.state,
      (state) => state === 'CONNECTED',
    );

    // Agents created by the admin on that gateway: fleet provisions each through the bridge and wakes
    // it; the agent checks in with its token (what OpenClaw's agent does when woken) and is ONLINE.
    log(`creating ${AGENTS} agents on the dial-in gateway…`);
    const agents = await inBatches(
      Array.from({ length: AGENTS }, (_, i) => i),
      10,
      async (i) => {
        const created = await gql(url, CREATE_AGENT, { input: { name: `agent-${i}`, gatewayId } }, admin);
        const agentId: string | undefined = created.body.data?.createAgent?.id;
        if (!agentId) throw new Error(`createAgent: ${JSON.stringify(created.body)}`);
        await eventually(
          `agent ${i} provisioned and woken`,
          async () => (await gql(url, AGENT, { id: agentId }, admin)).body.data?.agent,
          (agent) => agent?.wakeAttempts >= 1 || agent?.status === 'ONLINE',
        );
        const rotated = await gql(url, ROTATE, { id: agentId }, admin);
        const token: string = rotated.body.data.rotateAgentToken.token;
        const checkedIn = await gql(url, CHECK_IN, {}, bearer(token));
        if (checkedIn.body.data?.agentCheckIn?.status !== 'ONLINE') {
          throw new Error(`agent ${i} check-in: ${JSON.stringify(checkedIn.body)}`);
        }
        return { agentId };
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
          `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename
            ... on ChatAssignment { agent { online } } ... on DomainError { code } } }`,
          { input: { agentId: user.agent.agentId, h5UserId: user.h5UserId } },
          admin,
        );
        // Chat has heard of the agent's check-in: messages are SENT (relayed at once), not PENDING.
        const assignment = assigned.body.data?.assignChatAgent;
        if (assignment?.__typename === 'ChatAssignment' && assignment.agent?.online) break;
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
    /** When each reply reached its user (wall clock, epoch ms), for the stages of the round trip. */
    const deliveredAt = new Map<string, number>();
    const roundTrips: number[] = [];
    const sendAcks: number[] = [];
    const repliesSeen = new Map<string, number>();
    const ownEchoes = new Map<string, number>();
    const ends: string[] = [];
    let sendErrors = 0;
    let duplicateEvents = 0;

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
          const id = REPLY_TO.exec(message.text)?.[1];
          if (!id) return;
          const count = (repliesSeen.get(id) ?? 0) + 1;
          repliesSeen.set(id, count);
          const started = sentAt.get(id);
          if (count === 1 && started !== undefined) {
            const now = performance.now();
            roundTrips.push(now - started);
            deliveredAt.set(id, performance.timeOrigin + now);
          }
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
              { input: { sessionId: session.sessionId, clientMessageId, text: `hello ${clientMessageId}` } },
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
    // Replies missing after the drain: late or lost? While fleet's relay still has jobs pending they are
    // a backlog (late); once it has none left (then 5 s for the last parts to travel), what is missing is lost.
    const arrivedInDrain = repliesSeen.size;
    const lateUntil = Date.now() + LATE_MS;
    let relayIdleSince: number | null = null;
    while (repliesSeen.size < sentAt.size && Date.now() < lateUntil) {
      await new Promise((r) => setTimeout(r, 250));
      const pending = await relayPendingCount();
      if (pending > 0) relayIdleSince = null;
      else relayIdleSince ??= Date.now();
      if (relayIdleSince !== null && Date.now() - relayIdleSince > 5_000) break;
    }
    const lateReplies = repliesSeen.size - arrivedInDrain;
    const relayPending = await relayPendingCount();
    const relayDeadLetters = (await relayQueue.deadLetters()).length;
    // Backends report their statistics at most once a second.
    await new Promise((r) => setTimeout(r, 1_500));
    const cpuAfter = await cpuSnapshot(processes, stats);

    // The stored history must hold each message exactly once, and one SENT reply to each (its run).
    log('checking histories…');
    const stored = await checkHistories(url, sessions, [...sentAt.keys()]);
    const { storedMissing, storedDuplicates, storedRepliesMissing, storedRepliesDuplicated, failedReplies } = stored;

    const sent = sentAt.size;
    // What the bridge logged besides its start line: errors answering or forwarding (should be none).
    const bridgeErrors = bridge.proc
      .output()
      .split('\n')
      .filter((line) => line.startsWith('gateway bridge:') && !line.includes(' ⇄ '));
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
    const sentWall = new Map([...sentAt].map(([id, at]) => [id, performance.timeOrigin + at]));
    const hops = await hopBreakdown(db.url, sentWall, deliveredAt);
    const result = {
      date: new Date().toISOString(),
      users: USERS,
      agents: AGENTS,
      seconds: SECONDS,
      intervalMs: INTERVAL_MS,
      replyChunks: REPLY_CHUNKS,
      messagesSent: sent,
      messagesPerSecond: Number((sent / loadSeconds).toFixed(1)),
      roundTripP50Ms: Number(percentile(sorted, 50).toFixed(1)),
      roundTripP90Ms: Number(percentile(sorted, 90).toFixed(1)),
      roundTripP99Ms: Number(percentile(sorted, 99).toFixed(1)),
      roundTripMaxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
      sendAckP50Ms: Number(percentile(acks, 50).toFixed(1)),
      sendAckP99Ms: Number(percentile(acks, 99).toFixed(1)),
      lostReplies,
      lateReplies,
      relayPending,
      relayDeadLetters,
      drainSeconds: DRAIN_MS / 1000,
      duplicatedReplies,
      duplicatedEchoes,
      duplicateEvents,
      storedMissing,
      storedDuplicates,
      storedRepliesMissing,
      storedRepliesDuplicated,
      failedReplies,
      failures: Object.fromEntries(stored.failures),
      sendErrors,
      bridgeErrors: bridgeErrors.length,
      subscriptionsEnded: ends.length,
      /** CPU ms per message (one send and its reply) during the load and drain, per process. */
      cpuMsPerMessage,
      /** Where the round trip's time goes: p50/p90/p99 per stage, from the services' own timestamps. */
      hops,
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
    writeFileSync(outFiles.md, renderChatReport(result, [...ends, ...bridgeErrors]));
    console.log(JSON.stringify(result, null, 2));
    const ok =
      lostReplies +
        duplicatedReplies +
        duplicatedEchoes +
        duplicateEvents +
        storedMissing +
        storedDuplicates +
        storedRepliesMissing +
        storedRepliesDuplicated +
        relayDeadLetters +
        failedReplies +
        bridgeErrors.length ===
      0;
    if (!ok) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await relayQueue.close();
    await stats.end();
    // The bridge first (it would keep redialing the router), then the simulator, then the stack.
    for (const proc of gatewaySide.reverse()) await proc.stop();
    await stack.stop();
    if (KEEP_DB) log(`kept the bench database: ${db.url}`);
    else await db.drop();
    rmSync(bridgeDir, { recursive: true, force: true });
  }
}

await main();
