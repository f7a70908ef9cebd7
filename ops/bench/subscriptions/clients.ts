/**
 * The subscription benchmark's load: graphql-transport-ws clients on a lean WebSocket connection
 * (`ws-connection.ts`: `node:net`, frames read from one shared buffer), run by the load-generator
 * processes (`generator.ts`). Each subscribes with its own operation id, as graphql-ws clients do
 * (random ids), and counts what it receives: a `next` for its id is recognized by its first bytes and
 * checked for `"errors"` without becoming a string; anything else (ack, ping, error, complete) is
 * parsed. Only probes (an even sample) parse every message, to time it, so the load generator's CPU
 * stays out of the measured latency as far as it can.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { WsConnection } from './ws-connection.ts';

const now = () => performance.timeOrigin + performance.now();
/** Where a result with errors shows in a `next` message's bytes. */
export const ERRORS = Buffer.from('"errors"');

/** Whether `payload` begins with `prefix` (compared as bytes, no string made). */
export function startsWith(payload: Buffer, prefix: Buffer): boolean {
  return payload.length >= prefix.length && payload.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

export class BenchClient {
  /** Probes only: per delivery, its latency (ms) and the publish time it carried (for per-event checks). */
  readonly latencies: number[] = [];
  readonly sentAts: number[] = [];
  received = 0;
  /** Results with errors and graphql-ws `error` messages (e.g. SLOW_CONSUMER). */
  errors = 0;
  /** The first message that counted as an error, shortened (what went wrong, for the report). */
  errorSample: string | null = null;
  /** Close code when the socket closed other than by the client (e.g. 1006 after missed pings). */
  closedWith: number | null = null;
  private readonly probe: boolean;
  private readonly id = randomUUID();
  private connection: WsConnection | null = null;
  private closing = false;

  constructor(probe: boolean) {
    this.probe = probe;
  }

  get isProbe(): boolean {
    return this.probe;
  }

  /** Connects, subscribes to `query` and resolves once the subscribe message is sent. */
  async start(url: string, connectionParams: Record<string, string>, query: string, variables: object): Promise<void> {
    const nextPrefix = Buffer.from(`{"id":"${this.id}","type":"next"`);
    let subscribed = false;
    let ready: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    const started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      fail = reject;
    });
    const connection = await WsConnection.connect(url, 'graphql-transport-ws', {
      message: (_text, payload) => {
        // Receipt time before any parsing: the probe's own work is not part of the latency.
        const receivedAt = this.probe ? now() : 0;
        if (subscribed && !this.probe && startsWith(payload, nextPrefix)) {
          this.received += 1;
          if (payload.indexOf(ERRORS, nextPrefix.length) >= 0) this.error(payload.toString());
          return;
        }
        const text = payload.toString();
        const message = JSON.parse(text) as { id?: string; type: string; payload?: any };
        if (message.type === 'connection_ack') {
          this.connection?.send(JSON.stringify({ id: this.id, type: 'subscribe', payload: { query, variables } }));
          subscribed = true;
          ready();
        } else if (message.type === 'next' && message.id === this.id) {
          this.received += 1;
          const sentAt = Number(message.payload?.data?.noteAdded?.text);
          if (message.payload?.errors || !Number.isFinite(sentAt)) this.error(text);
          else if (this.probe) {
            this.latencies.push(receivedAt - sentAt);
            this.sentAts.push(sentAt);
          }
        } else if (message.type === 'error') {
          this.error(text);
        } else if (message.type === 'ping') {
          this.connection?.send('{"type":"pong"}');
        }
      },
      closed: (code) => {
        if (!(this.closing && code === 1000)) this.closedWith = code;
        fail(new Error(`closed with ${code} before the subscription was sent`));
      },
    });
    this.connection = connection;
    connection.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
    await started;
  }

  private error(text: string): void {
    this.errors += 1;
    this.errorSample ??= text.slice(0, 300);
  }

  close(): void {
    this.closing = true;
    this.connection?.close(1000);
  }
}

/** Starts `count` clients, `batch` at a time. */
export async function connectAll<Client = BenchClient>(
  count: number,
  connect: (index: number) => Promise<Client>,
  batch = 200,
): Promise<Client[]> {
  const clients: Client[] = [];
  for (let index = 0; index < count; index += batch) {
    const size = Math.min(batch, count - index);
    clients.push(...(await Promise.all(Array.from({ length: size }, (_, offset) => connect(index + offset)))));
  }
  return clients;
}

/** An H5 access token as identity issues them (HS256 with H5_JWT_SECRET). */
export function h5AccessToken(secret: string, h5UserId: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    iss: 'mc-identity',
    aud: 'mc-h5',
    sub: h5UserId,
    org: randomUUID(),
    iat: issuedAt,
    exp: issuedAt + 3600,
  })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The send time a publisher put in a note's text (latency = delivered − published). */
export const timestampText = (): string => String(now());
