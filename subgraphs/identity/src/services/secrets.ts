/** Random tokens and their sha256 digests: secrets are shown once and only their hashes stored. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url, with an optional kind prefix (`mca_`, `mcg_`). */
export function randomToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export const AGENT_TOKEN_PREFIX = 'mca_';
export const GATEWAY_TOKEN_PREFIX = 'mcg_';
