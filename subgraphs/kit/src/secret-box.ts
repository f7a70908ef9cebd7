/**
 * Authenticated encryption (AES-256-GCM) of short secrets kept at rest: webhook signing secrets,
 * gateway tokens. A sealed value is self-describing, `v1.<iv>.<tag>.<ciphertext>` in base64url, so
 * the format (or the key) can change later without guessing. Secrets that only need comparing are
 * hashed instead; this is for those the service must use in clear (an HMAC key, a bearer token).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export interface SecretBox {
  /** Encrypts with a fresh random IV: two seals of one value differ. */
  seal(plaintext: string): string;
  /** Decrypts; throws `SecretBoxError` when the value was altered, is malformed or sealed with another key. */
  open(sealed: string): string;
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

export function createSecretBox(keyBase64: string): SecretBox {
  const key = decodeSecretsKey(keyBase64);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(VERSION));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('not a sealed secret');
      const [, ivText, tagText, ciphertextText] = parts;
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('not a sealed secret');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(VERSION));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretBoxError('the sealed secret was altered or sealed with another key');
      }
    },
  };
}
