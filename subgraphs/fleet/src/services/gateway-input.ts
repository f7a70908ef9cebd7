/** Validation of gateway settings: bad input is BAD_USER_INPUT naming the field, never a SQL error. */
import { badInput, requireText } from '@mc/kit';

export const GATEWAY_NAME_MAX = 120;
export const GATEWAY_URL_MAX = 2_000;
export const GATEWAY_TOKEN_MAX = 4_096;
export const WORKSPACE_ROOT_MAX = 500;
export const DEFAULT_WORKSPACE_ROOT = '~/.openclaw/workspace';

/**
 * A gateway URL: `ws://` or `wss://`, a host and an explicit port (OpenClaw gateways listen on their
 * own port, so a missing one is a mistake, not port 80/443), no credentials, path allowed.
 */
export function parseGatewayUrl(value: string, field: string): string {
  const raw = value.trim();
  if (raw.length === 0 || raw.length > GATEWAY_URL_MAX) throw badInput(`${field} must be a ws:// or wss:// URL`, field);
  const scheme = /^(wss?):\/\//i.exec(raw);
  if (!scheme) throw badInput(`${field} must start with ws:// or wss://`, field);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput(`${field} is not a valid URL`, field);
  }
  if (url.username || url.password) throw badInput(`${field} must not contain credentials`, field);
  const authority = raw.slice(scheme[0].length).split(/[/?#]/, 1)[0];
  const port = /:(\d{1,5})$/.exec(authority);
  if (!port || Number(port[1]) < 1 || Number(port[1]) > 65_535 || !url.hostname) {
    throw badInput(`${field} must name a host and an explicit port (e.g. ws://10.0.0.5:18789)`, field);
  }
  if (url.hash) throw badInput(`${field} must not have a fragment`, field);
  // The URL parser drops default ports (ws://h:80 → ws://h); keep what the admin wrote, normalized.
  return `${url.protocol}//${url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname}:${port[1]}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
}

/** An absolute path (or one under the gateway user's home, `~/…`) without `..` segments. */
export function parseWorkspaceRoot(value: string, field: string): string {
  const root = requireText(value, field, WORKSPACE_ROOT_MAX);
  if (!root.startsWith('/') && !root.startsWith('~/') && root !== '~') {
    throw badInput(`${field} must be an absolute path or start with ~/`, field);
  }
  if (root.split('/').includes('..') || /[\0\n\r]/.test(root)) {
    throw badInput(`${field} must not contain .. segments or control characters`, field);
  }
  return root.length > 1 ? root.replace(/\/+$/, '') : root;
}

export function parseGatewayName(value: string, field: string): string {
  return requireText(value, field, GATEWAY_NAME_MAX);
}

export function parseGatewayToken(value: string, field: string): string {
  if (value.length === 0 || value.length > GATEWAY_TOKEN_MAX || /\s/.test(value)) {
    throw badInput(`${field} must be 1–${GATEWAY_TOKEN_MAX} characters without spaces`, field);
  }
  return value;
}

/** OpenClaw versions are CalVer (`2026.9.6`, maybe with a suffix); anything short and printable is kept. */
export function parseVersion(value: string, field: string): string {
  const version = value.trim();
  if (version.length === 0 || version.length > 64 || !/^[\w.+-]+$/.test(version)) {
    throw badInput(`${field} must be a version like 2026.9.6`, field);
  }
  return version;
}
