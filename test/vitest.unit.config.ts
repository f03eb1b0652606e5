/**
 * The unit suite: pure rules, no database, no server — `npm run test:unit` runs it in
 * seconds. `npm test` runs these files too, beside the database-backed suite.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  resolve: {
    // One copy of graphql for type-graphql and the tests (see STACK.md).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    env: { NODE_ENV: 'test' },
  },
});
