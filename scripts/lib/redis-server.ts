/**
 * A real Redis for multi-instance tests and benchmarks: Debian's redis-server, started on
 * a free loopback port, with no persistence. `startRedis()` returns null only when
 * redis-server is not installed (`apt-get install redis-server`; `.ci/run` installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { anyFreePort } from '../../src/db/local/ports.js';

export interface TestRedis {
  url: string;
  /** Stops Redis (to test outages); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export function redisServerInstalled(): boolean {
  return !spawnSync('redis-server', ['--version']).error;
}

export async function startRedis(): Promise<TestRedis | null> {
  if (!redisServerInstalled()) return null;
  const port = await anyFreePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child!.stdout!.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
      child!.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
  };
}
