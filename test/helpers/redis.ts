import { redisServerInstalled, startRedis, type TestRedis } from '../../scripts/lib/redis-server.js';

export type { TestRedis };

/**
 * Whether redis-server is installed; when it is not, says loudly that the tests `lines`
 * describe are skipped (a skipped test proves nothing, and the summary alone hides that).
 */
export function redisOrWarn(lines: string[]): boolean {
  if (redisServerInstalled()) return true;
  const box = [...lines, 'Install it and run the tests again:   sudo apt-get install redis-server'];
  const width = Math.max(...box.map((line) => line.length));
  const rule = '!'.repeat(width + 6);
  console.warn(['', rule, ...box.map((line) => `!! ${line.padEnd(width)} !!`), rule, ''].join('\n'));
  return false;
}

/** A Redis for tests that run only where redis-server is installed. */
export async function startInstalledRedis(): Promise<TestRedis> {
  const redis = await startRedis();
  if (!redis) throw new Error('redis-server is installed but did not start');
  return redis;
}
