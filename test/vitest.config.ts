import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  resolve: {
    // type-graphql and the tests must share one copy of graphql (see STACK.md).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // test/unit (pure rules), test/features/<feature> (each feature through the public API),
    // test/platform (the server around the features), test/resilience (faults, several instances).
    include: ['test/**/*.test.ts'],
    // The privacy suite wipes the database between worlds: it runs alone (vitest.privacy.config.ts).
    exclude: [...configDefaults.exclude, 'test/privacy/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Failures print the server's warnings and errors; info lines would drown them.
    env: { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
  },
});
