/**
 * The privacy noninterference suite (test/privacy/): it wipes the test database between
 * the worlds it builds, so it never runs beside the other tests, which share that
 * database. `npm test` runs it after the main suite; `npm run privacy:soak` runs it longer.
 */
import { defineConfig } from 'vitest/config';
import { shared } from './vitest.shared.js';

export default defineConfig({
  ...shared,
  test: { ...shared.test, include: ['test/privacy/**/*.test.ts'], fileParallelism: false },
});
