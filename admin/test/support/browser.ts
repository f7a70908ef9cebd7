/**
 * Browser-test support for the console: the system Chromium with the flags this machine needs, the
 * embedded stack serving the current build, a signed-in page per browser context (its own session, as
 * a second operator would have), screenshots into admin/test-results/, and a record of any
 * Content-Security-Policy violation. Confirmation dialogs are accepted and their text is kept.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { bearer, type EmbeddedStack, gql, spawnNode, tempDir } from '../../../router/test/support/processes.ts';
import { ensureConsoleBuilt } from '../../scripts/build.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Five in-process PGlite databases take minutes to open when the machine is shared and loaded. */
const STACK_START_MS = 600_000;
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const ARTIFACTS = join(import.meta.dirname, '../../test-results');

export interface ConsoleSession {
  page: Page;
  /** The text of every confirmation dialog shown (each was accepted). */
  dialogs: string[];
}

export class ConsoleBrowser {
  stack!: EmbeddedStack;
  origin = '';
  readonly cspViolations: string[] = [];
  private browser?: Browser;
  private readonly contexts: BrowserContext[] = [];

  async start(): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureConsoleBuilt();
    this.stack = await startStack();
    this.origin = new URL(this.stack.url).origin;
    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  }

  async stop(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => {});
    await this.browser?.close();
    await this.stack?.stop();
  }

  /** A new browser context signed in with the local admin token, on the boards page. */
  async signedIn(): Promise<ConsoleSession> {
    if (!this.browser) throw new Error('start() first');
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        this.cspViolations.push(message.text());
    });
    await page.goto(`${this.origin}/`);
    await page.locator('input[name=token]').fill(this.stack.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${this.origin}/boards`);
    return { page, dialogs };
  }

  /** A GraphQL call through the router as the local admin, in `organizationId`. */
  admin(organizationId: string, query: string, variables: Record<string, unknown> = {}) {
    return gql(this.stack.url, query, variables, bearer(this.stack.token, organizationId));
  }

  shot(page: Page, name: string) {
    return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }
}

/** `startEmbedded` (router/test/support) with a start deadline for a loaded machine. */
async function startStack(): Promise<EmbeddedStack> {
  const dataDir = tempDir('embedded');
  const { proc, ready } = spawnNode(
    'router/src/embedded.ts',
    { DATA_DIR: dataDir, PORT: '0' },
    /MC_READY (\S+)/,
    STACK_START_MS,
  );
  const [, url] = await ready;
  const token = /Local admin token \(kept in [^)]+\):\n\s+(\S+)/.exec(proc.output())?.[1] ?? '';
  return { url, token, dataDir, proc, stop: () => proc.stop() };
}

/** Runs `work` over `items` with at most `limit` at a time (seeding through the API). */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}
