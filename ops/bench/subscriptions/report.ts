/** The subscription benchmark's results file: the table per gateway, a reading, and what is measured. */

export type GatewayName = 'router' | 'hive';

export interface Scenario {
  gateway: GatewayName;
  name: string;
  description: string;
  subscribers: number;
  identities: number;
  ratePerSecond: number;
  seconds: number;
  eventsPublished: number;
  deliveriesExpected: number;
  deliveries: number;
  /** Clients that timed every delivery (the latency sample). */
  probes: number;
  /** From the first publish to the last delivery (or the 30 s give-up). */
  wallSeconds: number;
  /** The load generators' CPU (the client processes and the publisher), % of one core. */
  generatorCpuPercent: number;
  /** The load generators' CPU time per delivered result (µs): what one received message costs the clients. */
  generatorCpuMicrosPerDelivery?: number;
  /** With `--gc-pauses`: the longest garbage collection pause of the load side (generators, publisher) during the events. */
  loadMaxGcPauseMs?: number;
  /** With `--gc-pauses`: the slowest events (by their slowest probe; 1 %, at least 5), their latency range (ms), and the most GC time one load process spent during any of them. */
  slowEvents?: number;
  slowEventsMaxMs?: [number, number];
  slowEventsLoadPauseMs?: number;
  /** A few of the messages that counted as errors (shortened). */
  errorSamples?: string[];
  errors: number;
  /** Errors during the uncounted warm-up event, and clients that never got it (a broken set-up shows here). */
  warmupErrors?: number;
  warmupSilent?: number;
  /** Sockets the client did not close, by close code. */
  unexpectedCloses: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  connectSeconds: number;
  gatewayRssBeforeMiB: number;
  gatewayRssIdleMiB: number;
  bytesPerIdleSubscriber: number;
  gatewayCpuPercent: number;
  /** Gateway CPU time per delivered result (µs): comparable between runs whatever else runs on the machine. */
  gatewayCpuMicrosPerDelivery: number;
  feedCpuPercent: number;
  peopleCpuPercent: number;
}

export interface Report {
  date: string;
  commit: string;
  command: string;
  seconds: number;
  /** Load-generator processes the clients ran in. */
  generators: number;
  subscription: string;
  results: Scenario[];
  /** The last `client-cost.ts` results (`subscription-clients.json`), when there are any. */
  clientCost?: ClientCostReport;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
}

const LABELS: Record<GatewayName, string> = { router: 'ours', hive: 'Hive Gateway' };

const row = (s: Scenario) =>
  `| ${LABELS[s.gateway]} | ${s.name} | ${s.subscribers} | ${s.identities} | ${s.ratePerSecond} | ` +
  `${s.deliveries} / ${s.deliveriesExpected} | ${s.deliveriesExpected - s.deliveries} | ${s.errors} | ${
    Object.entries(s.unexpectedCloses)
      .map(([code, count]) => `${count}× ${code}`)
      .join(', ') || '–'
  } | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${s.latencyMaxMs} | ${kib(s.bytesPerIdleSubscriber)} | ` +
  `${s.gatewayCpuPercent} | ${s.gatewayCpuMicrosPerDelivery} | ${s.generatorCpuPercent} | ${s.feedCpuPercent} | ${s.peopleCpuPercent} |`;

const ratio = (theirs: number, ours: number) =>
  Number.isFinite(theirs) && Number.isFinite(ours) && ours > 0 ? `${Math.round((theirs / ours) * 10) / 10}×` : '–';
/** Memory growth per idle subscriber; a negative growth (the heap shrank by more than the sockets took) is noise. */
const kib = (bytes: number) => (bytes < 0 ? 'n/a (< 0)' : Math.round(bytes / 102.4) / 10);

/** Each scenario run by both gateways, one row: latency, memory and CPU per delivery, theirs ÷ ours. */
function sideBySide(report: Report): string {
  const pairs = report.results.flatMap((ours) => {
    const hive = report.results.find((other) => other.gateway === 'hive' && other.name === ours.name);
    return ours.gateway === 'router' && hive ? [{ ours, hive }] : [];
  });
  if (pairs.length === 0) return '';
  const rows = pairs.map(
    ({ ours, hive }) =>
      `| ${ours.name} | ${ours.deliveries} / ${hive.deliveries} of ${ours.deliveriesExpected} | ` +
      `${ours.latencyP50Ms} / ${hive.latencyP50Ms} | ${ratio(hive.latencyP50Ms, ours.latencyP50Ms)} | ` +
      `${ours.latencyP99Ms} / ${hive.latencyP99Ms} | ${ratio(hive.latencyP99Ms, ours.latencyP99Ms)} | ` +
      `${kib(ours.bytesPerIdleSubscriber)} / ${kib(hive.bytesPerIdleSubscriber)} | ` +
      `${hive.bytesPerIdleSubscriber < 0 || ours.bytesPerIdleSubscriber < 0 ? '–' : ratio(hive.bytesPerIdleSubscriber, ours.bytesPerIdleSubscriber)} | ` +
      `${ours.gatewayCpuMicrosPerDelivery} / ${hive.gatewayCpuMicrosPerDelivery} | ` +
      `${ratio(hive.gatewayCpuMicrosPerDelivery, ours.gatewayCpuMicrosPerDelivery)} |`,
  );
  return `## Side by side: ours / Hive Gateway (ratio = Hive ÷ ours, above 1× is ours better)

| scenario | delivered ours / Hive | p50 ms | p50 ratio | p99 ms | p99 ratio | KiB per idle subscriber | memory ratio | CPU µs per delivery | CPU ratio |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

`;
}

/** Ours next to Hive Gateway, scenario by scenario, in numbers that do not depend on the machine's load. */
function reading(report: Report): string {
  const ours = report.results.filter((result) => result.gateway === 'router');
  const lines = ours.map((result) => {
    const hive = report.results.find((other) => other.gateway === 'hive' && other.name === result.name);
    const perEvent = Math.round((result.gatewayCpuMicrosPerDelivery * result.subscribers) / 100) / 10;
    let line =
      `${result.name}: one event to ${result.subscribers.toLocaleString('en')} subscribers costs our router ` +
      `${perEvent} ms of CPU (${result.gatewayCpuMicrosPerDelivery} µs per delivery)`;
    const busy =
      result.gatewayCpuPercent + result.generatorCpuPercent + result.feedCpuPercent + result.peopleCpuPercent;
    if (busy >= 80 * report.machine.cores) {
      line +=
        ` — with ${busy} % of ${report.machine.cores * 100} % busy (router ${result.gatewayCpuPercent} %, load generators ` +
        `${result.generatorCpuPercent} %) the machine was saturated, and its latency is mostly the wait for CPU`;
    }
    if (hive) {
      line +=
        `, Hive Gateway ${hive.gatewayCpuMicrosPerDelivery} µs per delivery ` +
        `(${hive.deliveries.toLocaleString('en')} of ${hive.deliveriesExpected.toLocaleString('en')} delivered, ` +
        `p99 ${hive.latencyP99Ms} ms against our ${result.latencyP99Ms} ms)`;
    }
    return line;
  });
  return (
    `**Reading this run.** ${lines.join('; ')}. The load average was ${report.machine.loadAverageBefore[0]} on ` +
    `${report.machine.cores} cores when it started: a gateway gets only a share of a core (its CPU % above), so ` +
    'latency includes the wait for CPU, and the CPU cost per delivery is the figure to compare between runs. ' +
    'On an otherwise idle core, the latency of an event is roughly its fan-out CPU time plus the hops.'
  );
}

const HIVE_SETUP = `- **Hive Gateway** (\`ops/bench/subscriptions/hive-gateway.ts\`): \`createGatewayRuntime\` over the same
  supergraph, loaded before it listens (the runtime loads it lazily on a first HTTP request, which a
  graphql-ws subscribe does not trigger), graphql-ws served as its CLI serves it, subscriptions to
  \`feed\` over graphql-ws (\`transportEntries.feed.options.subscriptions.kind = 'ws'\`), other settings
  default. **What differs**:
  it cannot verify our credentials, so it authenticates nobody — the clients' \`connectionParams\` are
  ignored and every subgraph request carries one identity the benchmark pre-signed (a system identity):
  in \`connectionParams\` of its WebSocket to \`feed\` and as a header to \`people\`. Ours authenticates
  every connection, applies the socket limits and signs each identity scope. Hive Gateway opens one
  upstream subscription per client subscription (multiplexed on one WebSocket to \`feed\`), so \`feed\`
  executes every event once per subscriber, and it completes every event per subscriber (identical
  concurrent \`_entities\` requests to \`people\` may be merged by its request de-duplication). Its
  **distinct-N** is therefore the same work as a shared run of N: it sees one identity.
`;

/** What `client-cost.ts` measured: CPU per received message in one client process, by client kind. */
export interface ClientCostReport {
  date: string;
  commit: string;
  command: string;
  cpu: string;
  clients: number;
  events: number;
  results: {
    kind: string;
    received: number;
    errors: number;
    microsPerMessage: number;
    kernelMicrosPerMessage: number;
  }[];
}

const CLIENT_KINDS: Record<string, string> = {
  net: 'this benchmark’s client',
  ws: 'the `ws` package client',
  websocket: 'Node’s WebSocket',
};

/** `subscription-clients.md`, written by `client-cost.ts`. */
export function renderClientCost(report: ClientCostReport): string {
  return `# What a subscription benchmark client costs

${report.date} · commit \`${report.commit}\` · \`${report.command}\` · ${report.cpu}

One \`ws\` server process sends graphql-transport-ws \`next\` messages (each client its own operation id) to
${report.clients} clients in one client process, ${report.events} events; that process's CPU time over the
events (garbage collection included) divided by the messages it received. Each client recognizes its
\`next\` and checks it for \`"errors"\`, as the subscriptions benchmark's generators do.

| client | received | errors | CPU µs per message | of it in the kernel |
|---|---:|---:|---:|---:|
${report.results
  .map(
    (result) =>
      `| ${CLIENT_KINDS[result.kind] ?? result.kind} | ${result.received} | ${result.errors} | ${result.microsPerMessage} | ${result.kernelMicrosPerMessage} |`,
  )
  .join('\n')}
`;
}

/** The client-cost measurement as a sentence of the subscriptions report, or how to make one. */
function clientCostNote(clientCost: ClientCostReport | undefined): string {
  if (!clientCost) return 'Run `node ops/bench/subscriptions/client-cost.ts` to measure what each client costs.';
  const costs = clientCost.results
    .map(
      (result) =>
        `${CLIENT_KINDS[result.kind] ?? result.kind} ${result.microsPerMessage} µs` +
        (result.kind === 'net' ? ` (${result.kernelMicrosPerMessage} of it in the kernel)` : ''),
    )
    .join(', ');
  return (
    `Per received message in one client process ([subscription-clients.md](subscription-clients.md), ` +
    `${clientCost.date.slice(0, 10)} at \`${clientCost.commit}\`, ${clientCost.clients} clients × ` +
    `${clientCost.events} events, GC included): ${costs}.`
  );
}

/** The load generators' CPU in this run, per scenario of ours. */
function generatorNote(report: Report): string {
  const ours = report.results.filter(
    (result) => result.gateway === 'router' && result.generatorCpuMicrosPerDelivery !== undefined,
  );
  if (ours.length === 0) return '';
  return `In this run the load generators (clients and publisher) used ${ours
    .map(
      (result) =>
        `${result.generatorCpuPercent} % of a core at ${result.name} (${result.generatorCpuMicrosPerDelivery} µs per delivery)`,
    )
    .join(', ')}.`;
}

/** What the clients counted as errors, a sample per scenario that had any. */
function errorNotes(report: Report): string {
  const lines = report.results.flatMap((result) =>
    result.errorSamples?.length
      ? [
          `- ${LABELS[result.gateway]} ${result.name}: ${result.errorSamples.map((sample) => `\`${sample}\``).join('; ')}`,
        ]
      : [],
  );
  return lines.length ? `\n**Errors** (first message of a client, a few per scenario):\n\n${lines.join('\n')}\n` : '';
}

/** The load side's longest GC pause per scenario, when the run recorded them (`--gc-pauses`). */
function gcSummary(report: Report): string {
  const recorded = report.results.filter((result) => result.loadMaxGcPauseMs !== undefined);
  if (recorded.length === 0) return '';
  const worst = Math.max(...recorded.map((result) => result.loadMaxGcPauseMs ?? 0));
  return (
    `This run recorded every garbage collection of the client processes and the publisher (\`--gc-pauses\`): ` +
    `the longest pause during any scenario's events was ${worst} ms (per scenario: ${recorded
      .map(
        (result) =>
          `${LABELS[result.gateway]} ${result.name} ${result.loadMaxGcPauseMs} ms; its ${result.slowEvents} slowest ` +
          `events (${result.slowEventsMaxMs?.join('–')} ms) overlapped at most ${result.slowEventsLoadPauseMs} ms ` +
          'of GC in any one load process',
      )
      .join('; ')}). `
  );
}

export function renderReport(report: Report): string {
  const { machine } = report;
  return `# Subscription fan-out benchmark: our router and Hive Gateway

${report.date} · commit \`${report.commit}\` · \`${report.command}\` · ${report.seconds} s of events per scenario

| gateway | scenario | subscribers | identities | events/s | delivered | lost | errors | closed | p50 ms | p99 ms | max ms | KiB per idle subscriber | gateway CPU % | gateway CPU µs per delivery | load generators CPU % | feed CPU % | people CPU % |
|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${report.results.map(row).join('\n')}
${errorNotes(report)}
Goals (issue 4): p99 ≤ 50 ms at 1,000 subscribers, ≤ 250 ms at 10,000; ≤ 20 KB of router memory per idle
subscriber.

${sideBySide(report)}${reading(report)}

## What is measured

- The same subgraph processes for every gateway measured, one gateway at a time: the real identity
  subgraph and the \`feed\` and \`people\` test subgraphs (\`router/test/support/subscription-fixtures/\`),
  each its own process, PostgreSQL and Redis as in production. Every client is its own graphql-ws
  connection (graphql-transport-ws, its own random operation id, as graphql-ws clients do) with:

\`\`\`graphql
${report.subscription}
\`\`\`

  \`noteAdded\` is served by \`feed\` over graphql-ws (the plan's primary fetch); \`author { name }\` comes
  from \`people\` (an \`_entities\` fetch per event).
- **Load generation**: the clients run in ${report.generators} load-generator processes (\`subscriptions/generator.ts\`,
  children of the bench process), client *i* in process *i* mod ${report.generators}, so each holds an even share of the
  clients and of the probes, and one more process publishes; at the end of a scenario they report their
  counts, latencies and close codes to the bench. Why: with every client and the publisher in the bench
  process, that one heap (100–130 MB) had 45–73 ms scavenges every ~1.5 s under load, and the events arriving
  during one were timed late by the pause — slow events that were the generator's, not the gateway's (and a
  45 ms collection of the bench's own heap, which holds the supergraph composition, once delayed publishes).
  Each generator imports nothing but the clients and runs with a 2 MiB young generation
  (\`--max-semi-space-size=2\`), so its collections stay short (V8's default let them reach 107 ms; 4 and 8 MiB,
  17–37 ms), and collects all garbage once just before the events; two client processes (the machine has 2
  cores; four were worse, not better). ${gcSummary(report)}Both gateways get the same generators and clients.
- **Clients** (\`subscriptions/clients.ts\` on \`subscriptions/ws-connection.ts\`): each is a complete
  graphql-transport-ws client on its own TCP connection (\`node:net\`). It does the HTTP upgrade itself
  (\`Sec-WebSocket-Accept\` and the subprotocol checked), sends masked frames (\`connection_init\`, \`subscribe\`,
  a pong for every ping, close 1000) and reads the server's frames from the byte stream (split and coalesced
  chunks, 16- and 64-bit lengths, fragmented messages, ping and close frames) into one read buffer shared by
  every socket of its process, so a message costs no copy, stream event or string. A \`next\` for
  the client's operation id is recognized by its first bytes and searched for \`"errors"\` as bytes; anything
  else (ack, ping, \`error\`, \`complete\`) is parsed. Probes parse every message and take the receipt time
  before parsing. Why: the previous clients, Node's built-in WebSocket (undici: an EventTarget dispatch, a
  MessageEvent and a string per message), took ≈19 µs of CPU per received message, so at shared-10000 the
  generators used 96 % of a core next to the router's 75 % (and 51 % at shared-1000; run of 2026-11-24 18:40,
  p99 368 ms at 10,000, mostly the wait for CPU). ${clientCostNote(report.clientCost)} ${generatorNote(report)}
- A publisher posts notes to \`feed\` at the fixed rate; each note carries its send time, and every
  delivery to every client counts: **latency = delivered − published**, over publish → Redis → feed →
  gateway → people → gateway → client. **lost** = expected − delivered, 30 s after the last publish.
- **ours**: the production router process (\`node router/src/main.ts\`). **shared-N**: N clients of one
  user; identical subscriptions of one identity scope share one upstream stream and one completion per
  event, serialized once and written to each socket as one pre-built frame. **distinct-N**: N clients,
  each a different H5 user: nothing can be shared (results may depend on who asks), so each has its own
  upstream subscription and completion per event. Above 1,000 subscribers the rate is a quarter of the
  base rate (the load generators' WebSocket clients share the machine's CPU with the services);
  **shared-N-slow** repeats the first shared run at a low rate, where a gateway that cannot keep up with
  the base rate is not measuring its own backlog. Every scenario starts a fresh gateway process.
${report.results.some((result) => result.gateway === 'hive') ? HIVE_SETUP : ''}- **errors** counts results carrying errors and graphql-ws \`error\` messages (\`SLOW_CONSUMER\` when a
  client has about \`SUBSCRIPTION_BUFFER\` results' worth of bytes waiting); **closed** counts sockets
  the client did not close, by close code (1006: dropped, e.g. by a 30 s ping a starved client missed).
- **CPU**: each process's CPU time over the measured period in % of one core (100 = one core), and the
  gateway's CPU time per delivered result. On a busy machine a process gets only a share of a core:
  events then wait for CPU and latency grows, while the CPU per delivery stays comparable between runs.
- **KiB per idle subscriber**: growth of the gateway's resident memory (RSS) from before the clients
  connect to 3 s after all are connected and subscribed, divided by N — socket, graphql-ws state,
  subscriber, upstream subscription where it has one per client. RSS is coarse (the heap grows in
  steps); the runs with more subscribers are the more precise figure.

## Machine

${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}. The load
generators run on the same machine as the services, and the machine is shared: load average
${machine.loadAverageBefore.join(' / ')} before, ${machine.loadAverageAfter.join(' / ')} after.
`;
}
