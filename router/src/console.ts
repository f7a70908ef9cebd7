/**
 * Serves the built admin console (`admin/.output/public`, a static single-page app) at `/`, beside
 * `/graphql` on the same origin, and its sign-in settings at `/console/config`. Hashed assets are
 * cached for a year; pages are revalidated. Unknown paths without a file extension get the app's
 * entry page (client-side routes). Precompressed `.gz` files are sent to clients that accept gzip.
 * Pages carry a strict Content-Security-Policy (see `pagePolicy`).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { RouterEnv } from './env.ts';

export const CONSOLE_CONFIG_PATH = '/console/config';

const DEFAULT_DIR = resolve(import.meta.dirname, '../../admin/.output/public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export interface ConsoleServer {
  /** Answers GET/HEAD for console files and config; false when the path is not the console's. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

/**
 * The Content-Security-Policy of a console page: scripts only from the origin plus the page's own
 * inline scripts (by hash), connections to the origin (HTTP and graphql-ws) and the OIDC issuer.
 * The credential lives in web storage, so script injection is what this guards against.
 */
export function pagePolicy(html: string, issuer: string | undefined): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((match) => !/type="application\/json"/.test(match[0]))
    .map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
  const connect = ["'self'", ...(issuer ? [new URL(issuer).origin] : [])];
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function createConsoleServer(env: RouterEnv): ConsoleServer {
  const root = env.CONSOLE_DIR ? resolve(env.CONSOLE_DIR) : DEFAULT_DIR;
  const config = JSON.stringify({
    authMode: env.AUTH_MODE,
    oidc:
      env.AUTH_MODE === 'oidc' && env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, scope: env.OIDC_SCOPE }
        : null,
  });

  const issuer = env.AUTH_MODE === 'oidc' ? env.OIDC_ISSUER : undefined;
  const policies = new Map<string, { mtimeMs: number; policy: string }>();
  function policyFor(file: string): string {
    const { mtimeMs } = statSync(file);
    const cached = policies.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.policy;
    const policy = pagePolicy(readFileSync(file, 'utf8'), issuer);
    policies.set(file, { mtimeMs, policy });
    return policy;
  }

  function fileFor(path: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    const candidate = normalize(join(root, decoded));
    if (candidate !== root && !candidate.startsWith(root + sep)) return null;
    const file = candidate === root || decoded.endsWith('/') ? join(candidate, 'index.html') : candidate;
    return existsSync(file) && statSync(file).isFile() ? file : null;
  }

  return {
    handle(req, res, path) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (path === CONSOLE_CONFIG_PATH) {
        res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-cache', ...SECURITY_HEADERS });
        res.end(req.method === 'HEAD' ? undefined : config);
        return true;
      }
      let file = fileFor(path);
      if (!file && extname(path) === '') file = fileFor('/200.html') ?? fileFor('/index.html');
      if (!file) return false;
      const hashed = path.startsWith('/_nuxt/') && !path.startsWith('/_nuxt/builds/');
      const headers: Record<string, string> = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        vary: 'accept-encoding',
        ...SECURITY_HEADERS,
      };
      if (extname(file) === '.html') headers['content-security-policy'] = policyFor(file);
      const gzip = `${file}.gz`;
      const sendGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && existsSync(gzip);
      if (sendGzip) headers['content-encoding'] = 'gzip';
      const body = sendGzip ? gzip : file;
      headers['content-length'] = String(statSync(body).size);
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else createReadStream(body).pipe(res);
      return true;
    },
  };
}

/** Whether a built console exists where the router looks for it. */
export function consoleBuilt(env: Pick<RouterEnv, 'CONSOLE_DIR'>): boolean {
  const root = env.CONSOLE_DIR ? resolve(env.CONSOLE_DIR) : DEFAULT_DIR;
  return existsSync(join(root, 'index.html'));
}
