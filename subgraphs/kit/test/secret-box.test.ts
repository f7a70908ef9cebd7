/** The secret box: AES-256-GCM round trips, tamper and wrong keys refused, fresh IV per seal, key rotation, key rules. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnvSchema, EnvError, parseEnv } from '../src/env.ts';
import { createRuntime, stopRuntime } from '../src/runtime.ts';
import {
  createSecretBox,
  generateSecretsKey,
  parseSecretsKeys,
  readOrCreateSecretsKey,
  SecretBoxError,
} from '../src/secret-box.ts';

const key = generateSecretsKey();
const box = createSecretBox(key);

/** Flips one bit of the base64url part at `index` of a sealed value. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 1;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createSecretBox', () => {
  it('opens what it sealed, including unicode and the empty string', () => {
    for (const secret of ['whsec_0123456789abcdef', 'é✓ 秘密', '']) {
      const sealed = box.seal(secret);
      expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
      expect(sealed).not.toContain(secret || '\u0000');
      expect(box.open(sealed)).toBe(secret);
    }
  });

  it('seals one value differently every time (random IV)', () => {
    const first = box.seal('same secret');
    const second = box.seal('same secret');
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(box.open(first)).toBe(box.open(second));
  });

  it('throws when the ciphertext, the tag or the IV was altered', () => {
    const sealed = box.seal('a webhook secret');
    for (const index of [1, 2, 3]) {
      expect(() => box.open(flip(sealed, index))).toThrow(SecretBoxError);
    }
  });

  it('throws on malformed values and on another version prefix', () => {
    const sealed = box.seal('x');
    expect(() => box.open('plain text secret')).toThrow(SecretBoxError);
    expect(() => box.open(sealed.replace(/^v1/, 'v2'))).toThrow(SecretBoxError);
    expect(() => box.open(sealed.split('.').slice(0, 3).join('.'))).toThrow(SecretBoxError);
  });

  it('throws when opened with another key', () => {
    const other = createSecretBox(generateSecretsKey());
    expect(() => other.open(box.seal('a webhook secret'))).toThrow(SecretBoxError);
  });

  it('opens values sealed with a previous key, and reseals them under the current one', () => {
    const oldKey = generateSecretsKey();
    const sealedOld = createSecretBox(oldKey).seal('rotate me');
    const rotated = createSecretBox(generateSecretsKey(), { previousKeys: [generateSecretsKey(), oldKey] });
    expect(rotated.rotating).toBe(true);
    expect(rotated.open(sealedOld)).toBe('rotate me');
    const resealed = rotated.reseal(sealedOld);
    expect(resealed).not.toBeNull();
    expect(rotated.reseal(resealed as string)).toBeNull();
    expect(() => createSecretBox(oldKey).open(resealed as string)).toThrow(SecretBoxError);
    expect(rotated.open(resealed as string)).toBe('rotate me');
    expect(() => rotated.reseal(createSecretBox(generateSecretsKey()).seal('x'))).toThrow(SecretBoxError);
    expect(box.rotating).toBe(false);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createSecretBox(Buffer.alloc(16).toString('base64'))).toThrow(SecretBoxError);
    expect(() => createSecretBox('')).toThrow(SecretBoxError);
  });
});

describe('SECRETS_KEY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-secret-box-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is validated by the shared env schema', () => {
    expect(parseEnv(baseEnvSchema, { SECRETS_KEY: key }).SECRETS_KEY).toBe(key);
    expect(() => parseEnv(baseEnvSchema, { SECRETS_KEY: 'too-short' })).toThrow(/SECRETS_KEY/);
    const previous = `${generateSecretsKey()}, ${generateSecretsKey()}`;
    expect(parseEnv(baseEnvSchema, { SECRETS_KEY_PREVIOUS: previous }).SECRETS_KEY_PREVIOUS).toBe(previous);
    expect(parseSecretsKeys(previous)).toHaveLength(2);
    expect(() => parseEnv(baseEnvSchema, { SECRETS_KEY_PREVIOUS: `${key},nope` })).toThrow(/SECRETS_KEY_PREVIOUS/);
    expect(() => parseEnv(baseEnvSchema, { SECRETS_KEY: Buffer.alloc(32).toString('base64') })).toThrow(/SECRETS_KEY/);
  });

  it('is kept in a private file, created once and then reused', () => {
    const file = join(dir, 'nested', 'secrets-key');
    const created = readOrCreateSecretsKey(file);
    expect(readOrCreateSecretsKey(file)).toBe(created);
    expect(readFileSync(file, 'utf8').trim()).toBe(created);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => createSecretBox(created)).not.toThrow();
  });

  it('is required by a production runtime', async () => {
    const options = {
      name: 'secrets',
      databaseUrl: 'pglite://memory',
      dataDir: dir,
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
    };
    await expect(createRuntime({ ...options, production: true })).rejects.toThrow(EnvError);
    const runtime = await createRuntime({ ...options, production: true, secretsKey: key });
    try {
      expect(runtime.secrets.open(box.seal('shared'))).toBe('shared');
    } finally {
      await stopRuntime(runtime);
    }
  });
});
