/**
 * `npm run test:slow`: the files that start Neo4j instances of their own or soak a server
 * under faults (SLOW_FILES). CI runs them after `npm test`; they share nothing with it.
 */
import { defineConfig } from 'vitest/config';
import { shared, SLOW_FILES } from './vitest.shared.js';

export default defineConfig({
  ...shared,
  // One at a time: each starts JVMs and measures recovery times of its own.
  test: { ...shared.test, include: SLOW_FILES, fileParallelism: false },
});
