/**
 * Serves the built H5 phone app (`h5/dist`, a static PWA built with base `/h5/`) at `/h5/`, with the
 * console's file serving (console.ts) pointed at the app's folder: unknown paths without an extension
 * get the app's entry page, the service worker and pages are revalidated. `/h5` redirects to `/h5/`.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { type ConsoleServer, createConsoleServer } from './console.ts';
import type { RouterEnv } from './env.ts';

export const H5_PREFIX = '/h5';
export const H5_DIR = resolve(import.meta.dirname, '../../h5/dist');

export function createH5AppServer(env: RouterEnv, dir = H5_DIR): ConsoleServer {
  const files = createConsoleServer({ ...env, CONSOLE_DIR: dir });
  return {
    handle(req: IncomingMessage, res: ServerResponse, path: string) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (path === H5_PREFIX) {
        res.writeHead(308, { location: `${H5_PREFIX}/` });
        res.end();
        return true;
      }
      if (!path.startsWith(`${H5_PREFIX}/`)) return false;
      return files.handle(req, res, path.slice(H5_PREFIX.length)) || notFound(res);
    },
  };
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
  return true;
}

/** Whether a built app exists where the router looks for it. */
export function h5AppBuilt(dir = H5_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}
