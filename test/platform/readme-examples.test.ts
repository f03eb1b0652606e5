/**
 * The README's examples run as pasted against the demo graph: every operation of every
 * ```graphql block, signed in as the demo user (queries and mutations over HTTP,
 * subscriptions over WebSocket), answers without an error; every circle slug the README
 * names exists. The demo graph lives in a local Neo4j of its own (instance `readme`), so
 * the other tests' database never holds it. Demo posts talk about their circle's interest.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type DefinitionNode, type GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { INTEREST_CATALOGUE } from '../../src/db/interest-catalogue.js';
import { ensureLocalNeo4j, instanceHome, stopLocalNeo4j, type LocalNeo4j } from '../../src/db/local/local-neo4j.js';
import { migrate } from '../../src/db/migrations.js';
import { createLogger } from '../../src/logger.js';
import { DEMO_LOGIN, seedDemo } from '../../src/seed/demo.js';
import { startServer, type QuanziServer } from '../../src/server.js';
import { GraphQLClient } from '../helpers/client.js';
import { testConfig, testDatabase } from '../helpers/server.js';
import { wsClient } from '../helpers/subscriptions.js';
import type { Database } from '../../src/db/database.js';

const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');

interface Example {
  name: string;
  query: string;
  subscription: boolean;
}

/** Each operation of each graphql block on its own (a block may hold several), with the fragments it uses. */
function examples(): Example[] {
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.flatMap((block, b) => {
    const definitions = parse(block).definitions;
    const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    return definitions
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation, o) => ({
        name: `block ${b + 1}, ${operation.name?.value ?? `operation ${o + 1}`}`,
        query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] as DefinitionNode[] }),
        subscription: operation.operation === 'subscription',
      }));
  });
}

const home = () => instanceHome(testConfig().dataDir, 'readme');
let neo4j: LocalNeo4j | null = null;
let database: Database;
let server: QuanziServer;
let client: GraphQLClient;
let token: string;

beforeAll(async () => {
  // A fresh demo graph every run.
  await stopLocalNeo4j(home());
  rmSync(home(), { recursive: true, force: true });
  const shared = testConfig();
  neo4j = await ensureLocalNeo4j({
    dataDir: shared.dataDir,
    instance: 'readme',
    preferredPort: 7737,
    keepRunning: false,
    transactionTimeoutMs: 30_000,
    heapMb: 512,
    pageCacheMb: 128,
    log: () => {},
  });
  const config = testConfig({
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
    // What is checked is that the examples are right, not how fast a busy machine answers them.
    NEO4J_TX_TIMEOUT_MS: '60000',
    REQUEST_DEADLINE_MS: '90000',
  });
  database = testDatabase(config);
  // A just-started Neo4j on a busy machine may take a while to accept its first connections.
  for (let tries = 0; !(await database.ping(10_000)) && tries < 30; tries++);
  await migrate(database);
  await seedDemo(database, config);
  server = await startServer({ config, database, log: createLogger(config) });
  client = new GraphQLClient(server.url);
  const login = await client.raw<{ logIn: { token: string } }>({
    query: 'mutation($handle: String!, $password: String!) { logIn(input: { handle: $handle, password: $password }) { token } }',
    variables: DEMO_LOGIN,
  });
  expect(login.errors).toBeUndefined();
  token = login.data!.logIn.token;
}, 900_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
  await neo4j?.stop();
  await stopLocalNeo4j(home());
  rmSync(home(), { recursive: true, force: true });
}, 120_000);

/** Subscribes and waits a moment: a refused subscription errors at once; an accepted one stays open. */
async function subscribeBriefly(query: string): Promise<GraphQLFormattedError[]> {
  const ws = wsClient(server.wsUrl, token);
  const errors: GraphQLFormattedError[] = [];
  try {
    await new Promise<void>((resolve) => {
      const stop = ws.subscribe(
        { query },
        {
          next: (result) => void (result.errors && errors.push(...result.errors)),
          error: (error) => {
            errors.push(...(Array.isArray(error) ? error : [{ message: String((error as { reason?: string }).reason ?? error) }]));
            resolve();
          },
          complete: resolve,
        },
      );
      setTimeout(() => {
        stop();
        resolve();
      }, 1500);
    });
  } finally {
    await ws.dispose();
  }
  return errors;
}

describe("the README's examples, as pasted, against the demo graph", () => {
  const all = examples();

  it('finds the examples (so the checks below mean something)', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.filter((example) => example.subscription).length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.map((example) => [example.name, example] as const))('%s answers without an error', async (_name, example) => {
    if (example.subscription) {
      expect(await subscribeBriefly(example.query)).toEqual([]);
      return;
    }
    const result = await client.raw({ query: example.query }, { token });
    expect(result.errors, example.query).toBeUndefined();
    expect(result.data).toBeTruthy();
  });

  it('names only circles the demo graph has', async () => {
    const slugs = new Set([...readme.matchAll(/circleSlug: "([a-z0-9-]+)"/g), ...readme.matchAll(/circle\(slug: "([a-z0-9-]+)"/g)].map((m) => m[1]!));
    expect(slugs.size).toBeGreaterThan(0);
    for (const slug of slugs) {
      const result = await client.raw<{ circle: { slug: string } | null }>({ query: `{ circle(slug: "${slug}") { slug } }` }, { token });
      expect(result.data?.circle, slug).toEqual({ slug });
    }
  });
});

describe('demo posts', () => {
  it("talk about the interest their circle is named for", async () => {
    const rows = await database
      .forRequest()
      .read((q) => q.rows<{ body: string; circle: string }>('MATCH (p:Post)-[:IN]->(c:Circle) RETURN p.body AS body, c.name AS circle'));
    expect(rows.length).toBeGreaterThan(100);
    const offTopic = rows.filter(({ body, circle }) => {
      const interest = INTEREST_CATALOGUE.find(({ name }) => circle.endsWith(` ${name}`));
      return !interest || !body.includes(interest.name.toLowerCase());
    });
    expect(offTopic.slice(0, 5)).toEqual([]);
  });
});
