/**
 * The app's initial JavaScript: the entry module and the modules it preloads, as named by the built
 * index.html, plus the service-worker registration chunk it loads at once, with gzip sizes (what a
 * first visit downloads before the app is usable).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 50 * 1024;

export interface InitialJs {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

export function initialJs(distDir: string): InitialJs {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const paths = new Set<string>();
  for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) paths.add(match[1]);
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) paths.add(match[1]);
  // registerSW({ immediate: true }) imports workbox-window right away: count it too.
  for (const name of readdirSync(join(distDir, 'assets'))) {
    if (name.startsWith('workbox-window') && name.endsWith('.js')) paths.add(`/h5/assets/${name}`);
  }
  const files = [...paths].map((path) => {
    const content = readFileSync(join(distDir, path.replace(/^\/h5\//, '')));
    return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}
