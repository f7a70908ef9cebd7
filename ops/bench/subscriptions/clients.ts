/**
 * The subscription benchmark's load: minimal graphql-transport-ws clients (Node's own WebSocket), run
 * by the load-generator processes (`generator.ts`). Each subscribes with its own operation id, as
 * graphql-ws clients do (random ids), counts what it receives, and only probes (an even sample) parse
 * every message to time it, so the load generator's CPU stays out of the measured latency as far as
 * it can.
 */
import { createHmac, randomUUID } from 'node:crypto';

const now = () => performance.timeOrigin + performance.now();

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
  private socket: WebSocket | null = null;

  constructor(probe: boolean) {
    this.probe = probe;
  }

  get isProbe(): boolean {
    return this.probe;
  }

  /** Connects, subscribes to `query` and resolves once the subscribe message is sent. */
  async start(url: string, connectionParams: Record<string, string>, query: string, variables: object): Promise<void> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    this.socket = socket;
    const nextPrefix = `{"id":"${this.id}","type":"next"`;
    let subscribed = false;
    await new Promise<void>((ready, fail) => {
      socket.addEventListener('error', () => fail(new Error('WebSocket error')), { once: true });
      socket.addEventListener(
        'open',
        () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })),
        { once: true },
      );
      socket.addEventListener('message', (event) => {
        // Receipt time before any parsing: the probe's own work is not part of the latency.
        const receivedAt = this.probe ? now() : 0;
        const text = String(event.data);
        if (subscribed && !this.probe && text.startsWith(nextPrefix)) {
          this.received += 1;
          if (text.includes('"errors"')) this.error(text);
          return;
        }
        const message = JSON.parse(text) as { type: string; payload?: any };
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: this.id, type: 'subscribe', payload: { query, variables } }));
          subscribed = true;
          ready();
        } else if (message.type === 'next') {
          this.received += 1;
          const sentAt = Number(message.payload?.data?.noteAdded?.text);
          if (message.payload?.errors || !Number.isFinite(sentAt)) this.error(text);
          else {
            this.latencies.push(receivedAt - sentAt);
            this.sentAts.push(sentAt);
          }
        } else if (message.type === 'error') {
          this.error(text);
        } else if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        }
      });
      socket.addEventListener('close', (event) => {
        if (event.code !== 1000) this.closedWith = event.code;
      });
    });
  }

  private error(text: string): void {
    this.errors += 1;
    this.errorSample ??= text.slice(0, 300);
  }

  close(): void {
    this.socket?.close(1000);
  }
}

/** Starts `count` clients, `batch` at a time. */
export async function connectAll(
  count: number,
  connect: (index: number) => Promise<BenchClient>,
  batch = 200,
): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
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
