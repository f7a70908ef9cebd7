/**
 * The image's front-end step (ops/docker/Dockerfile): builds the admin console and the H5 app with
 * their own build scripts, then checks that the router finds both where it serves them from
 * (`consoleBuilt`, `h5AppBuilt`), so a build that lands elsewhere fails the image build instead of
 * shipping a router without its console. `--if-stale` skips an up-to-date build (tests).
 */
import { ensureConsoleBuilt } from '../../admin/scripts/build.ts';
import { ensureAppBuilt } from '../../h5/scripts/build.ts';
import { consoleBuilt } from '../../router/src/console.ts';
import { h5AppBuilt } from '../../router/src/h5-app.ts';

export function buildApps(force: boolean): void {
  ensureConsoleBuilt(force);
  ensureAppBuilt(force);
  // The router's own defaults (no CONSOLE_DIR in the image): what it will serve at / and /h5/.
  if (!consoleBuilt({ CONSOLE_DIR: undefined })) throw new Error('the console build is not where the router serves it');
  if (!h5AppBuilt()) throw new Error('the h5 build is not where the router serves it');
}

if (import.meta.main) buildApps(!process.argv.includes('--if-stale'));
