/**
 * What every database-backed suite shares: the root, the one copy of graphql, the Neo4j
 * started once per run (global-setup), and timeouts sized for a loaded 2-core machine.
 * The suites differ only in which files they run and how many at once.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Files that start a Neo4j of their own (a JVM each, the slowest thing a test can do) or soak
 * a server under faults for a minute: `npm run test:slow` runs them, CI runs it after `npm test`.
 */
export const SLOW_FILES = [
  'test/platform/readme-examples.test.ts',
  'test/platform/first-start.test.ts',
  'test/resilience/local-neo4j-race.test.ts',
  'test/resilience/faults.test.ts',
];

export const shared = {
  root,
  resolve: {
    // type-graphql and the tests must share one copy of graphql (see STACK.md).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Failures print the server's warnings and errors; info lines would drown them.
    env: { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
  },
} satisfies ViteUserConfig;
