import { configDefaults, defineConfig } from 'vitest/config';
import { shared, SLOW_FILES } from './vitest.shared.js';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    // test/unit (pure rules), test/features/<feature> (each feature through the public API),
    // test/platform (the server around the features), test/resilience (faults, several instances).
    include: ['test/**/*.test.ts'],
    // The privacy suite wipes the database between worlds: it runs alone (vitest.privacy.config.ts).
    exclude: [...configDefaults.exclude, 'test/privacy/**', ...SLOW_FILES],
    // Files wait on Neo4j, timers and sockets much of the time: two at once keep both cores
    // busy, where vitest's default on a 2-core machine (cores − 1) runs one at a time.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
  },
});
