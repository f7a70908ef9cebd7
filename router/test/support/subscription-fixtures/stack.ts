/**
 * A stack for subscription scenarios: the real identity subgraph (credentials, principals) plus the
 * `feed` and `people` fixture subgraphs as processes on PostgreSQL + Redis, a supergraph composed
 * from the three at test time, and router processes started on it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIdentity } from '@mc/kit';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import { freePort, freshDatabase, gql, type Proc, productionEnv, spawnNode, tempDir } from '../processes.ts';
import { composeFixtureSupergraph } from './supergraph.ts';

const FIXTURES = 'router/test/support/subscription-fixtures/serve.ts';

export interface FixtureProcess {
  url: string;
  port: number;
  proc: Proc;
}

export interface SubscriptionStack {
  env: Record<string, string>;
  supergraphPath: string;
  identityUrl: string;
  feed: FixtureProcess[];
  people: FixtureProcess;
  /** Starts a router; `feedIndex` picks the feed instance it talks to. */
  startRouter(options?: { env?: Record<string, string>; feedIndex?: number }): Promise<{ url: string; proc: Proc }>;
  /** Starts (or restarts on its port) feed instance `index`. */
  startFeed(index: number): Promise<FixtureProcess>;
  /** Calls a fixture subgraph directly as the router's system identity. */
  direct<T = any>(url: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** An H5 access token for a new (or given) H5 user, valid for `seconds`. */
  h5Token(options?: { h5UserId?: string; orgId?: string; seconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

export async function startSubscriptionStack(options: { feedInstances?: number } = {}): Promise<SubscriptionStack> {
  const db = await freshDatabase(inject('postgresUrl'));
  const env = productionEnv(db.url, inject('redisUrl'));
  const procs: Proc[] = [];
  const dir = tempDir('subscriptions');
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeFixtureSupergraph());

  const identityPort = await freePort();
  const identity = spawnNode(
    'subgraphs/identity/src/server.ts',
    { ...env, LOG_LEVEL: 'info', PORT: String(identityPort) },
    /subgraph listening/,
  );
  procs.push(identity.proc);

  const fixture = async (name: 'feed' | 'people', port: number): Promise<FixtureProcess> => {
    const started = spawnNode(
      FIXTURES,
      { ...env, FIXTURE: name, PORT: String(port), DATA_DIR: dir },
      /FIXTURE_READY (\S+)/,
    );
    procs.push(started.proc);
    const [, url] = await started.ready;
    return { url, port, proc: started.proc };
  };
  const feedPorts = await Promise.all(Array.from({ length: options.feedInstances ?? 1 }, () => freePort()));
  const [feed, people] = await Promise.all([
    Promise.all(feedPorts.map((port) => fixture('feed', port))),
    freePort().then((port) => fixture('people', port)),
    identity.ready,
  ]);
  const identityUrl = `http://127.0.0.1:${identityPort}/graphql`;

  return {
    env,
    supergraphPath,
    identityUrl,
    feed,
    people,
    async startRouter({ env: extra = {}, feedIndex = 0 } = {}) {
      const port = await freePort();
      const started = spawnNode(
        'router/src/main.ts',
        {
          ...env,
          SUPERGRAPH_PATH: supergraphPath,
          SUBGRAPH_IDENTITY_URL: identityUrl,
          SUBGRAPH_FEED_URL: feed[feedIndex].url,
          SUBGRAPH_PEOPLE_URL: people.url,
          LOG_LEVEL: 'info',
          PORT: String(port),
          ...extra,
        },
        /router listening/,
      );
      procs.push(started.proc);
      await started.ready;
      return { url: `http://127.0.0.1:${port}/graphql`, proc: started.proc };
    },
    async startFeed(index) {
      await feed[index].proc.stop();
      feed[index] = await fixture('feed', feed[index].port);
      return feed[index];
    },
    async direct(url, query, variables = {}) {
      const token = await signIdentity(env.INTERNAL_SIGNING_SECRET, { kind: 'system', service: 'test' });
      const response = await gql(url, query, variables, { 'x-mc-identity': token });
      if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
      return response.body.data;
    },
    async h5Token({ h5UserId = crypto.randomUUID(), orgId = crypto.randomUUID(), seconds = 900 } = {}) {
      return new SignJWT({ org: orgId })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('mc-identity')
        .setAudience('mc-h5')
        .setSubject(h5UserId)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
        .sign(new TextEncoder().encode(env.H5_JWT_SECRET));
    },
    async stop() {
      await Promise.all(procs.map((proc) => proc.stop()));
      await db.drop();
    },
  };
}
