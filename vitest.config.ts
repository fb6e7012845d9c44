import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The machine has two cores; site builds and browsers are heavy, so run files two at a time.
    maxWorkers: 2,
  },
});
