/**
 * A first start while another local Neo4j starts at the same moment: two launchers (two
 * checkouts, or `npm start` beside `npm test`) both find the same port free and both start
 * Neo4j on it. The one that loses the bind starts again on another port; both come up.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLocalNeo4j, instanceHome, stopLocalNeo4j, type LocalNeo4j, type LocalNeo4jOptions } from '../../src/db/local/local-neo4j.js';
import { anyFreePort } from '../../src/db/local/ports.js';
import { testConfig } from '../helpers/server.js';

const INSTANCES = ['race-a', 'race-b'];

describe('two local Neo4j starting at the same moment on the same preferred port', () => {
  const dataDir = testConfig().dataDir;
  const homes = INSTANCES.map((instance) => instanceHome(dataDir, instance));
  const servers: LocalNeo4j[] = [];
  const logs: string[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    for (const home of homes) {
      await stopLocalNeo4j(home);
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('both start: the one that lost the port retried on another, and each answers', async () => {
    for (const home of homes) {
      await stopLocalNeo4j(home);
      rmSync(home, { recursive: true, force: true });
    }
    const port = await anyFreePort();
    const options = (instance: string): LocalNeo4jOptions => ({
      dataDir,
      instance,
      preferredPort: port,
      keepRunning: false,
      transactionTimeoutMs: 10_000,
      heapMb: 256,
      pageCacheMb: 64,
      log: (message) => logs.push(`${instance}: ${message}`),
    });
    // Different instances: no start lock between them, as between two checkouts. The second
    // starts a moment later, after the first found the port free but long before its JVM
    // binds it: so the second finds it free too, and both start Neo4j on it (the race the
    // issue met; at the very same instant their probes would collide instead).
    const results = await Promise.allSettled(
      INSTANCES.map(async (instance, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 2000));
        return ensureLocalNeo4j(options(instance));
      }),
    );
    for (const result of results) if (result.status === 'fulfilled') servers.push(result.value);
    const launcherLogs = homes.map((home) => {
      try {
        return readFileSync(path.join(home, 'logs', 'quanzi-launcher.log'), 'utf8').split('\n').filter((line) => !/^\s+at /.test(line)).slice(-15).join('\n');
      } catch {
        return '(no log)';
      }
    });
    expect(
      results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started')),
      `${logs.join('\n')}\n${launcherLogs.join('\n---\n')}`,
    ).toEqual(['started', 'started']);

    const ports = servers.map((server) => Number(new URL(server.uri).port));
    expect(new Set(ports).size, logs.join('\n')).toBe(2);
    expect(ports, 'one of them has the port both wanted').toContain(port);
    // Both really raced for the port: each began on it, and one moved.
    expect(logs.filter((line) => line.includes(`on bolt://127.0.0.1:${port}…`)), logs.join('\n')).toHaveLength(2);
    expect(logs.some((line) => new RegExp(`Port ${port} was taken as Neo4j started`).test(line)), logs.join('\n')).toBe(true);

    for (const server of servers) {
      const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.username, server.password));
      try {
        await driver.verifyConnectivity();
      } finally {
        await driver.close();
      }
    }
  }, 1_500_000);
});
