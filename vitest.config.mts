import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    globalSetup: ['tests/unit/global-setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 180_000,
  },
});
