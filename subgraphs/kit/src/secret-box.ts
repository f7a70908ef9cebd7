/**
 * Authenticated encryption (AES-256-GCM) of short secrets kept at rest: webhook signing secrets,
 * gateway tokens. A sealed value is self-describing, `v1.<iv>.<tag>.<ciphertext>` in base64url, so
 * the format (or the key) can change later without guessing. Secrets that only need comparing are
 * hashed instead; this is for those the service must use in clear (an HMAC key, a bearer token).
 * Key rotation: the new key becomes `SECRETS_KEY`, the old ones go to `SECRETS_KEY_PREVIOUS`; values
 * sealed with an old key still open, and `reseal` gives their seal under the new key, so a service
 * can rewrite them (then the old key can go).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export interface SecretBox {
  /** Encrypts with the current key and a fresh random IV: two seals of one value differ. */
  seal(plaintext: string): string;
  /**
   * Decrypts with the current key or a previous one; throws `SecretBoxError` when the value was
   * altered, is malformed or sealed with a key the box does not hold.
   */
  open(sealed: string): string;
  /** A seal under the current key of a value sealed with a previous one; null when it needs none. */
  reseal(sealed: string): string | null;
  /** True while previous keys are configured: sealed values may still need `reseal`. */
  readonly rotating: boolean;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** Decodes a base64 (or base64url) key and checks it is exactly 32 bytes. */
export function decodeSecretsKey(keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64.trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES) {
    throw new SecretBoxError(`the key must be ${SECRET_KEY_BYTES} bytes in base64 (got ${key.length})`);
  }
  return key;
}

/** True when the string decodes to a 32-byte key (for env validation). */
export function isSecretsKey(value: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim())) return false;
  const bytes = Buffer.from(value.trim(), 'base64');
  // A placeholder (all zeros, one repeated byte) is refused: 32 random bytes have many distinct values.
  return bytes.length === SECRET_KEY_BYTES && new Set(bytes).size >= 8;
}

/** A new random key, base64. */
export function generateSecretsKey(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

/** Reads a key kept in a file, creating it (mode 0600) the first time: embedded and local development. */
export function readOrCreateSecretsKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = generateSecretsKey();
  try {
    // `wx`: when two processes start at once, the first key written wins and both use it.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return key;
}

/** `SECRETS_KEY_PREVIOUS`: comma-separated keys, oldest last. */
export function parseSecretsKeys(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
}

export function createSecretBox(keyBase64: string, options: { previousKeys?: readonly string[] } = {}): SecretBox {
  const key = decodeSecretsKey(keyBase64);
  const previous = (options.previousKeys ?? []).map(decodeSecretsKey);
  const seal = (plaintext: string) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(VERSION));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  };
  /** The plaintext and whether the current key opened it. */
  const openWithAny = (sealed: string): { plaintext: string; current: boolean } => {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('not a sealed secret');
    const [, ivText, tagText, ciphertextText] = parts;
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('not a sealed secret');
    const ciphertext = Buffer.from(ciphertextText, 'base64url');
    for (const [index, candidate] of [key, ...previous].entries()) {
      const plaintext = decrypt(candidate, iv, tag, ciphertext);
      if (plaintext !== null) return { plaintext, current: index === 0 };
    }
    throw new SecretBoxError('the sealed secret was altered or sealed with another key');
  };
  return {
    seal,
    open: (sealed) => openWithAny(sealed).plaintext,
    reseal(sealed) {
      const { plaintext, current } = openWithAny(sealed);
      return current ? null : seal(plaintext);
    },
    rotating: previous.length > 0,
  };
}

/** AES-256-GCM decryption; null when the tag does not match (altered, or another key). */
function decrypt(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
