import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build for our dependencies; make test code use the same copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    globalSetup: ['./ops/test/global-setup.ts'],
    // One PGlite instance per worker is shared by the files it runs (each takes seconds to start).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: [
      'subgraphs/*/src/**/*.test.ts',
      'subgraphs/*/test/**/*.test.ts',
      'router/src/**/*.test.ts',
      'router/test/**/*.test.ts',
      'ops/**/*.test.ts',
      'admin/app/**/*.test.ts',
      'admin/test/**/*.test.ts',
      'h5/src/**/*.test.ts',
      'h5/test/**/*.test.ts',
    ],
    reporters: ['default'],
  },
});
