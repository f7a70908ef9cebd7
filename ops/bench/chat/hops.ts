/**
 * Where a chat round trip's time goes, message by message, from the times the services wrote down:
 * the bench's own send and delivery times (wall clock) and the bench database's timestamps (the same
 * machine's clock). Each stage ends where the next begins, so a message's stages add up to its round trip.
 * Database times are when a transaction stamped the row (`now()` is the transaction's start, and the
 * services stamp rows with the time they took the work), so a stage includes the commit that ends it.
 */
import pg from 'pg';

/** A stage of the round trip, in order. */
export const HOPS = [
  ['send', 'user send → router → chat took it (the send transaction starts)'],
  ['chatOutbox', 'chat committed the message → its outbox relay published `chat.messageSent`'],
  ['fleetTakes', 'on the stream → fleet consumed it (its relay lease taken in the inbox transaction)'],
  ['relayToInbox', 'fleet’s relay, in the same process: agent and gateway looked up → `sendChat` in the gateway inbox'],
  ['inboxPublished', 'inbox entry committed → published to the bridge’s subscription'],
  ['gateway', 'published → router → bridge → simulator → events back through the router → fleet records the reply'],
  ['fleetOutbox', 'reply recorded → fleet’s outbox relay published the final `fleet.agentReply`'],
  ['chatStores', 'on the stream → chat consumed the final part and stored the reply'],
  ['delivered', 'chat stored the reply → the user’s subscription got it (through the router)'],
] as const;

export type HopName = (typeof HOPS)[number][0];

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

export interface HopStats {
  /** Messages with every stamp (sessions' first messages included). */
  messages: number;
  /** Per stage: p50, p90, p99 in ms. */
  stages: Record<HopName, Percentiles>;
  /** The same for sessions' first messages only: where their extra time goes. */
  firstStages?: Record<HopName, Percentiles>;
  /**
   * Round trips of a session's first message (the gateway opens its session with it) and of the later
   * ones, apart: the first message's extra cost shows rather than hiding in the mix.
   */
  roundTrips: { first: Percentiles & { messages: number }; later: Percentiles & { messages: number } };
}

/** Per message (by client message id): epoch ms of each stamp, as the database has them. */
const STAMPS = `
with m as (
  select id::text as id, client_message_id as cid, extract(epoch from created_at) * 1000 as created,
    row_number() over (partition by session_id order by sequence) = 1 as first
  from chat.messages where author = 'H5_USER'),
o as (
  select event -> 'payload' ->> 'messageId' as id, event ->> 'id' as eid, extract(epoch from published_at) * 1000 as published
  from chat.mc_outbox where event ->> 'topic' = 'chat.messageSent'),
fi as (
  select event_id::text as eid, extract(epoch from processed_at) * 1000 as processed
  from fleet.mc_inbox where consumer = 'fleet-chat-relay'),
sc as (
  select data -> 'args' -> 0 ->> 'idempotencyKey' as id, extract(epoch from recorded_at) * 1000 as recorded,
    extract(epoch from published_at) * 1000 as published
  from fleet.mc_stream_log where data ->> 'operation' = 'sendChat'),
f as (
  select event -> 'payload' ->> 'runId' as id, event ->> 'id' as eid,
    extract(epoch from (event ->> 'occurredAt')::timestamptz) * 1000 as occurred, extract(epoch from published_at) * 1000 as published
  from fleet.mc_outbox where event ->> 'topic' = 'fleet.agentReply' and event -> 'payload' ->> 'part' = 'final'),
r as (
  select run_id::text as id, extract(epoch from created_at) * 1000 as created
  from chat.messages where author = 'AGENT')
select m.cid, m.first, m.created, o.published as chat_published, fi.processed as fleet_took,
  min(sc.recorded) as inbox_recorded, min(sc.published) as inbox_published,
  f.occurred as reply_recorded, f.published as reply_published, r.created as reply_stored
from m
join o on o.id = m.id
join fi on fi.eid = o.eid
join sc on sc.id = m.id
join f on f.id = m.id
join r on r.id = m.id
group by m.cid, m.first, m.created, o.published, fi.processed, f.occurred, f.published, r.created`;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/**
 * The stages of every message the bench both sent and saw answered: `sent` and `delivered` are the
 * bench's wall-clock times (epoch ms) by client message id.
 */
export async function hopBreakdown(
  databaseUrl: string,
  sent: Map<string, number>,
  delivered: Map<string, number>,
): Promise<HopStats> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: Record<string, string | number | boolean>[];
  try {
    rows = (await client.query(STAMPS)).rows;
  } finally {
    await client.end();
  }
  const emptyStages = () =>
    Object.fromEntries(HOPS.map(([name]) => [name, [] as number[]])) as Record<HopName, number[]>;
  const stages = emptyStages();
  const firstStages = emptyStages();
  const roundTrips = { first: [] as number[], later: [] as number[] };
  let messages = 0;
  for (const row of rows) {
    const cid = String(row.cid);
    const sentAt = sent.get(cid);
    const deliveredAt = delivered.get(cid);
    if (sentAt === undefined || deliveredAt === undefined) continue;
    const t = (key: string) => Number(row[key]);
    const marks = [
      sentAt,
      t('created'),
      t('chat_published'),
      t('fleet_took'),
      t('inbox_recorded'),
      t('inbox_published'),
      t('reply_recorded'),
      t('reply_published'),
      t('reply_stored'),
      deliveredAt,
    ];
    if (marks.some((mark) => !Number.isFinite(mark))) continue;
    messages++;
    roundTrips[row.first === true ? 'first' : 'later'].push(deliveredAt - sentAt);
    HOPS.forEach(([name], index) => {
      stages[name].push(marks[index + 1] - marks[index]);
      if (row.first === true) firstStages[name].push(marks[index + 1] - marks[index]);
    });
  }
  const summarize = (values: Record<HopName, number[]>) =>
    Object.fromEntries(HOPS.map(([name]) => [name, percentiles(values[name])])) as HopStats['stages'];
  return {
    messages,
    stages: summarize(stages),
    firstStages: summarize(firstStages),
    roundTrips: {
      first: { messages: roundTrips.first.length, ...percentiles(roundTrips.first) },
      later: { messages: roundTrips.later.length, ...percentiles(roundTrips.later) },
    },
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)) };
}
