/** The chat benchmark's results file (markdown) from its JSON result. */
import { HOPS, type HopStats } from './hops.ts';

/** The gateway's side (not Mission Control's services): reported apart. */
const GATEWAY_SIDE = new Set(['bridge', 'simulator']);

export function renderChatReport(r: Record<string, any>, ends: string[]): string {
  const cpu = (side: boolean) =>
    Object.entries(r.cpuMsPerMessage as Record<string, number>)
      .filter(([name]) => GATEWAY_SIDE.has(name) === side)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ');
  const failures = Object.entries(r.failures as Record<string, number>)
    .map(([code, count]) => `${count} × ${code}`)
    .join('; ');
  return `# Chat benchmark

\`pnpm bench:chat\` (ops/bench/chat-bench.ts), run ${r.date}.

${r.users} H5 users, each on its own graphql-ws connection following its session through the production
router, chatting with ${r.agents} agents on one dial-in gateway: registered through the API, the OpenClaw
gateway simulator behind it (each reply streamed as ${r.replyChunks} delta${r.replyChunks === 1 ? '' : 's'} and a final, no model
time) and the gateway bridge (\`ops/gateway-bridge\`) following its inbox through the router; the agents
created by the admin API, provisioned by fleet through the bridge, checked in. Real identity, work,
governance, fleet and chat processes on PostgreSQL + Redis, all on this machine
(${r.machine.cpus} cores, ${r.machine.model}, ${r.machine.memoryGb} GB; load average before the run
${r.machine.loadBefore.map((l: number) => l.toFixed(1)).join(' ')}, at the end ${r.machine.load.map((l: number) => l.toFixed(1)).join(' ')}).
Steady rate: every user sends one message every ${r.intervalMs} ms for ${r.seconds} s.

| measure | value |
|---|---|
| messages sent | ${r.messagesSent} (${r.messagesPerSecond} msg/s; as many replies) |
| round trip p50 (send → agent's stored reply on the user's subscription) | ${r.roundTripP50Ms} ms |
| round trip p90 | ${r.roundTripP90Ms} ms |
| round trip p99 | ${r.roundTripP99Ms} ms |
| round trip max | ${r.roundTripMaxMs} ms |
| sendMessage acknowledged p50 / p99 | ${r.sendAckP50Ms} / ${r.sendAckP99Ms} ms |
| replies arrived only after the ${r.drainSeconds ?? 60} s drain (late: fleet's relay still had a backlog) | ${r.lateReplies ?? 'not measured'} |
| lost replies (not arrived once the relay had nothing pending) | ${r.lostReplies} |
| relay jobs or leased first attempts still pending when the bench gave up / jobs failed for good | ${r.relayPending ?? 'not measured'} / ${r.relayDeadLetters ?? 'not measured'} |
| duplicated replies / own messages on the subscription | ${r.duplicatedReplies} / ${r.duplicatedEchoes} |
| duplicate stream positions (any subscriber) | ${r.duplicateEvents} |
| messages missing / duplicated in the stored history | ${r.storedMissing} / ${r.storedDuplicates} |
| replies missing / duplicated in the stored history | ${r.storedRepliesMissing} / ${r.storedRepliesDuplicated} |
| FAILED replies | ${r.failedReplies}${failures ? ` (${failures})` : ''} |
| send errors / errors the bridge logged | ${r.sendErrors} / ${r.bridgeErrors} |
| subscriptions ended early | ${r.subscriptionsEnded} |
| CPU ms per message (send + reply), Mission Control | ${cpu(false)} |
| CPU ms per message, the gateway's side | ${cpu(true)} |
| database transactions per message | ${r.dbTransactionsPerMessage} |

The round trip is the path of production with dial-in: the user's send through the router (committed
to PostgreSQL with the session's next sequence), chat's \`chat.messageSent\` to fleet's relay, the relay's
\`sendChat\` appended to the gateway's inbox, the bridge's inbox subscription through the router, the
simulator's run, its answer (\`gatewayAnswer\`) and its streamed events (\`gatewayEvents\`, batched) through the
router back to fleet, each reply part recorded by fleet (\`fleet.agentReply\`) and consumed by chat, and the
deliveries to the user (its own message, the delta, the stored reply). The issue's goal is p99 ≤ 30 ms on
loopback; the whole stack shares ${r.machine.cpus} cores with the load generator here.
${r.hops ? hopTable(r.hops as HopStats) : ''}${
  ends.length
    ? `\nEnded subscriptions and bridge errors (first 5):\n\n${ends
        .slice(0, 5)
        .map((e) => `- ${e}`)
        .join('\n')}\n`
    : ''
}`;
}

/** Where the round trip's time goes, stage by stage (each stage ends where the next begins). */
function hopTable(hops: HopStats): string {
  const rows = HOPS.map(([name, what]) => {
    const stage = hops.stages[name];
    const first = hops.firstStages?.[name];
    return `| ${what} | ${stage.p50} | ${stage.p90} | ${stage.p99} | ${first ? `${first.p50} / ${first.p99}` : '–'} |`;
  });
  return `
## Where the time goes

Each message's round trip cut into stages by the times the services stamped in the database (the same
machine's clock as the bench's send and delivery times), over ${hops.messages} messages; a stage ends
where the next begins, so a message's stages add up to its round trip (percentiles of stages do not add up).

| stage | p50 ms | p90 ms | p99 ms | sessions' first messages: p50 / p99 ms |
|---|---:|---:|---:|---:|
${rows.join('\n')}
${
  hops.roundTrips
    ? `
The same round trips, a session's first message apart from the later ones (every first message is sent in the
run's first interval, so this also shows the processes warming up; the stage table's last column shows where):

| messages | count | p50 ms | p90 ms | p99 ms |
|---|---:|---:|---:|---:|
| a session's first | ${hops.roundTrips.first.messages} | ${hops.roundTrips.first.p50} | ${hops.roundTrips.first.p90} | ${hops.roundTrips.first.p99} |
| later | ${hops.roundTrips.later.messages} | ${hops.roundTrips.later.p50} | ${hops.roundTrips.later.p90} | ${hops.roundTrips.later.p99} |
`
    : ''
}`;
}
