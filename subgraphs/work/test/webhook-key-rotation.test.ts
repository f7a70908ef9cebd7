/**
 * Rotating `SECRETS_KEY`: a work subgraph started with a new key and the old one in
 * `SECRETS_KEY_PREVIOUS` reseals every webhook secret under the new key before serving, and the
 * secrets keep verifying; one started with keys that open nothing leaves the secret alone and says so.
 * (Its own PGlite database in a temporary folder: a rotation rewrites every webhook of a database.)
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRuntime,
  createSecretBox,
  generateSecretsKey,
  type Identity,
  MemoryEventBus,
  MemoryEventStream,
  MemoryRateLimiter,
  type SubgraphInstance,
  type SubgraphRuntime,
  startModule,
  stopRuntime,
} from '@mc/kit';
import { executeAs } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { createBoard, makeOrg } from './fixtures.ts';

const CREATE = `mutation($boardId: ID!, $input: CreateBoardWebhookInput!) { createBoardWebhook(boardId: $boardId, input: $input) {
  ... on BoardWebhookWithSecret { secret webhook { id } } } }`;
const INGEST = `mutation($id: String!, $body: String!, $signature: String) {
  _ingestWebhook(id: $id, body: $body, signature: $signature) { outcome } }`;
const SYSTEM: Identity = { kind: 'system', service: 'router' };
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('webhook secrets across a key rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-rotation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start(secretsKey: string, previous?: string) {
    const runtime: SubgraphRuntime = await createRuntime({
      name: 'work',
      databaseUrl: `pglite://${join(dir, 'db')}`,
      dataDir: dir,
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
      dbSchema: workModule.dbSchema,
      secretsKey,
      envSource: previous ? { SECRETS_KEY_PREVIOUS: previous } : {},
      shared: { bus: new MemoryEventBus(), rateLimiter: new MemoryRateLimiter(), stream: new MemoryEventStream() },
    });
    const instance = (await startModule(workModule, runtime)) as SubgraphInstance<WorkContext>;
    return {
      runtime,
      instance,
      stored: async (id: string) => {
        const result = await runtime.database.db.execute(sql`select secret from work.board_webhooks where id = ${id}`);
        return (result as unknown as { rows: { secret: string }[] }).rows[0].secret;
      },
      close: async () => {
        await instance.close?.();
        await stopRuntime(runtime);
      },
    };
  }

  it('reseals under the new key at start, and the secret keeps verifying', async () => {
    const [oldKey, newKey] = [generateSecretsKey(), generateSecretsKey()];
    const first = await start(oldKey);
    const org = makeOrg();
    const board = await createBoard(first.instance, org.owner);
    const created = await executeAs(first.instance, org.owner, CREATE, {
      boardId: board.id,
      input: { name: 'CI', requireSignature: true },
    });
    const { secret, webhook } = (created.data?.createBoardWebhook ?? {}) as { secret: string; webhook: { id: string } };
    const sealedBefore = await first.stored(webhook.id);
    await first.close();

    const rotated = await start(newKey, oldKey);
    try {
      const sealedAfter = await rotated.stored(webhook.id);
      expect(sealedAfter).not.toBe(sealedBefore);
      expect(createSecretBox(newKey).open(sealedAfter)).toBe(secret);
      expect(() => createSecretBox(oldKey).open(sealedAfter)).toThrow();
      const body = '{"after":"rotation"}';
      const ingested = await executeAs(rotated.instance, SYSTEM, INGEST, {
        id: webhook.id,
        body,
        signature: sign(secret, body),
      });
      expect(ingested.data?._ingestWebhook.outcome).toBe('ACCEPTED');
    } finally {
      await rotated.close();
    }

    // Keys that open nothing: the secret stays as it is, counted as unreadable, nothing crashes.
    const lost = await start(generateSecretsKey(), generateSecretsKey());
    try {
      const services = lost.instance.createContext({
        identity: SYSTEM,
        requestId: randomUUID(),
        logger: lost.runtime.logger,
        credentialExpiresAt: undefined,
      }).services;
      const before = await lost.stored(webhook.id);
      expect(await services.webhooks.sealSecretsAtRest()).toEqual({ sealed: 0, unreadable: 1 });
      expect(await lost.stored(webhook.id)).toBe(before);
    } finally {
      await lost.close();
    }
  }, 60_000);
});
