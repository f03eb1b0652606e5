/**
 * The unit suite: pure rules, no database, no server — `npm run test:unit` runs it in
 * seconds. `npm test` runs these files too, beside the database-backed suite.
 */
import { defineConfig } from 'vitest/config';
import suite from './vitest.config.js';

export default defineConfig({
  ...suite,
  // Everything as in the whole suite (root, the one copy of graphql), but no Neo4j.
  test: { ...suite.test, include: ['test/unit/**/*.test.ts'], globalSetup: [] },
});
