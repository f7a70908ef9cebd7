/**
 * The phone app's size budget: the JavaScript a first visit needs (entry, preloads and the service
 * worker registration) must stay within 50 KB gzip. Builds the app when stale; prints the number.
 */
import { describe, expect, it } from 'vitest';
import { DIST_DIR, ensureAppBuilt } from '../scripts/build.ts';
import { INITIAL_JS_BUDGET_BYTES, initialJs } from '../scripts/bundle-size.ts';

describe('h5 bundle size', () => {
  it('keeps the initial JavaScript within 50 KB gzip', () => {
    ensureAppBuilt();
    const built = initialJs(DIST_DIR);
    console.log(
      `h5 initial JS: ${(built.gzipBytes / 1024).toFixed(1)} KB gzip (budget ${INITIAL_JS_BUDGET_BYTES / 1024} KB): ` +
        built.files.map((file) => `${file.path} ${(file.gzipBytes / 1024).toFixed(1)} KB`).join(', '),
    );
    expect(built.files.some((file) => file.path.includes('/assets/index-'))).toBe(true);
    expect(built.gzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  }, 120_000);
});
