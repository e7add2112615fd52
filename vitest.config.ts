import { defineConfig } from 'vitest/config';

// Two tiers: `unit` is pure and needs no services; `integration` talks to the real
// Kafka, schema registry and ClickHouse started by test/run-all.sh.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['services/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/unit/property-test-limits.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
