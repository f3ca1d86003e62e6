import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'protocol', include: ['packages/protocol/test/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Suites share one PostgreSQL server; each file gets its own database.
          fileParallelism: true,
        },
      },
      { test: { name: 'sdk', include: ['packages/sdk/test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      // The benchmark at a tiny scale: it works and delivers exactly once; speed is not asserted.
      { test: { name: 'bench', include: ['bench/test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000 } },
      { test: { name: 'web', include: ['packages/web/src/**/*.test.{ts,tsx}'], environment: 'happy-dom' } },
    ],
  },
});
