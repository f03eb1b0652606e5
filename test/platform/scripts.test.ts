/**
 * The command-line tools, run as an operator runs them (`npx tsx scripts/…` in a child
 * process), against the test run's server and Neo4j; and the migrations, re-applied.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { migrate, MIGRATIONS } from '../../src/db/migrations.js';
import { INTEREST_CATALOGUE } from '../../src/db/interest-catalogue.js';
import { MyCreditHistoryDocument, RecordCreditScoreDocument } from '../generated/graphql.js';
import { errorCodes } from '../helpers/client.js';
import { signUp } from '../helpers/people.js';
import { serverForTests, TEST_JWT_SECRET } from '../helpers/server.js';

const execFileAsync = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment an operator's shell would have: the server's secret and database, this run's data folder. */
function scriptEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const db = inject('neo4j');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JWT_SECRET: TEST_JWT_SECRET,
    NEO4J_URI: db.uri,
    NEO4J_USERNAME: db.username,
    NEO4J_PASSWORD: db.password,
    NEO4J_DATABASE: db.database,
    // The same data folder as the test run (process.env already carries it when set).
    QUANZI_DATA_DIR: process.env.QUANZI_DATA_DIR,
    NODE_ENV: 'test',
    ...overrides,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

async function runScript(args: string[], env: NodeJS.ProcessEnv = scriptEnv()): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync('npx', ['tsx', ...args], { cwd: projectRoot, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const test = serverForTests();

describe('scripts/token.ts', () => {
  it('prints a CREDIT_BUREAU token that the server accepts for recordCreditScore', async () => {
    const run = await runScript(['scripts/token.ts', '--role', 'CREDIT_BUREAU']);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(JWT); // stdout holds the token alone, so `$(npm run -s token …)` works
    expect(run.stderr).toContain('CREDIT_BUREAU');

    const person = await signUp(test.client, 'cli');
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    const recorded = await test.client.request(
      RecordCreditScoreDocument,
      { handle: person.handle, score: 712, source: 'cli-test-bureau', observedAt },
      { token },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordCreditScore.handle).toBe(person.handle);

    const history = await test.client.request(MyCreditHistoryDocument, { first: 5 }, { token: person.token });
    expect(history.data?.me?.creditScore).toBe(712);
    expect(history.data?.me?.creditHistory?.edges.map((e) => [e.node.score, e.node.source])).toEqual([[712, 'cli-test-bureau']]);
  }, 90_000);

  it('signs with JWT_SECRET: a token made without it is refused by the server', async () => {
    const run = await runScript(['scripts/token.ts', '--role', 'CREDIT_BUREAU'], scriptEnv({ JWT_SECRET: undefined }));
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(JWT);
    const person = await signUp(test.client, 'clineg');
    const result = await test.client.request(
      RecordCreditScoreDocument,
      { handle: person.handle, score: 600, source: 'wrong-secret', observedAt: new Date().toISOString() },
      { token },
    );
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  }, 90_000);

  it('prints an IDENTITY_VERIFIER token that may not record scores', async () => {
    const run = await runScript(['scripts/token.ts', '--role', 'IDENTITY_VERIFIER', '--ttl-hours', '1']);
    expect(run.code, run.stderr).toBe(0);
    const person = await signUp(test.client, 'cliver');
    const result = await test.client.request(
      RecordCreditScoreDocument,
      { handle: person.handle, score: 700, source: 'not-a-bureau', observedAt: new Date().toISOString() },
      { token: run.stdout.trim() },
    );
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  }, 90_000);

  it.each([
    ['--role USER', ['--role', 'USER']],
    ['an unknown role', ['--role', 'ADMIN']],
    ['no role', []],
    ['a lower-case role', ['--role', 'credit_bureau']],
  ])('exits non-zero with a usage message for %s, printing no token', async (_name, args) => {
    const run = await runScript(['scripts/token.ts', ...args]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Usage: npm run token -- --role <CREDIT_BUREAU\|IDENTITY_VERIFIER\|TRUST_AND_SAFETY>/);
    expect(run.stdout.trim()).toBe('');
  }, 60_000);

  it('refuses a nonsensical --ttl-hours', async () => {
    const run = await runScript(['scripts/token.ts', '--role', 'CREDIT_BUREAU', '--ttl-hours', '-5']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--ttl-hours/);
    expect(run.stdout.trim()).toBe('');
  }, 60_000);
});

describe('scripts/neo4j.ts', () => {
  it('prints NEO4J_* lines for the running test instance, with which a driver connects', async (ctx) => {
    ctx.skip(
      Boolean(process.env.NEO4J_URI),
      'NEO4J_URI is set, so this run uses that server and not the project\'s local test instance',
    );
    const run = await runScript(['scripts/neo4j.ts', 'env', '--instance', 'test'], scriptEnv({ NEO4J_URI: undefined, NEO4J_PASSWORD: undefined }));
    expect(run.code, run.stderr).toBe(0);
    const vars = Object.fromEntries(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD']));
    expect(vars.NEO4J_URI).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    // The very server this test run uses.
    expect(vars.NEO4J_URI).toBe(inject('neo4j').uri);
    expect(vars.NEO4J_PASSWORD!.length).toBeGreaterThan(8);

    const driver = neo4j.driver(vars.NEO4J_URI!, neo4j.auth.basic(vars.NEO4J_USERNAME!, vars.NEO4J_PASSWORD!), { disableLosslessIntegers: true });
    try {
      const result = await driver.executeQuery('RETURN 1 AS one', {}, { database: vars.NEO4J_DATABASE ?? 'neo4j' });
      expect(result.records[0]!.get('one')).toBe(1);
    } finally {
      await driver.close();
    }
    // And the password really matters.
    const wrong = neo4j.driver(vars.NEO4J_URI!, neo4j.auth.basic(vars.NEO4J_USERNAME!, `${vars.NEO4J_PASSWORD}x`));
    try {
      await expect(wrong.executeQuery('RETURN 1')).rejects.toThrow();
    } finally {
      await wrong.close();
    }
  }, 60_000);

  it('exits non-zero for an instance that is not running', async () => {
    const run = await runScript(['scripts/neo4j.ts', 'env', '--instance', 'nothing-runs-here']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not running/);
    expect(run.stdout).not.toMatch(/NEO4J_PASSWORD/);
  }, 60_000);
});

describe('migrations', () => {
  it('apply nothing the second time', async () => {
    expect(await migrate(test.database)).toEqual([]);
    const versions = await test.database.forRequest().read((q) =>
      q.rows<{ version: number }>('MATCH (m:SchemaMigration) RETURN m.version AS version ORDER BY version'),
    );
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
  });

  it('leave every constraint and index they declare in place', async () => {
    const declared = (kind: 'CONSTRAINT' | 'INDEX') =>
      MIGRATIONS.flatMap((m) => m.statements)
        .map((s) => new RegExp(`^CREATE ${kind} (\\w+) IF NOT EXISTS`).exec(s.cypher)?.[1])
        .filter((name): name is string => Boolean(name));
    const constraints = declared('CONSTRAINT');
    const indexes = declared('INDEX');
    expect(constraints.length).toBeGreaterThan(0);
    expect(indexes.length).toBeGreaterThan(0);

    const session = test.database.driver.session({ database: test.config.neo4j.database });
    try {
      const shown = await session.run('SHOW CONSTRAINTS YIELD name, type RETURN name, type');
      const existing = new Map(shown.records.map((r) => [r.get('name') as string, r.get('type') as string]));
      for (const name of constraints) {
        expect(existing.has(name), `constraint ${name}`).toBe(true);
        expect(existing.get(name)).toMatch(/UNIQUE/);
      }
      const shownIndexes = await session.run('SHOW INDEXES YIELD name, state RETURN name, state');
      const indexState = new Map(shownIndexes.records.map((r) => [r.get('name') as string, r.get('state') as string]));
      for (const name of indexes) expect(indexState.get(name), `index ${name}`).toBe('ONLINE');
    } finally {
      await session.close();
    }
  });

  it('keep the interest catalogue', async () => {
    const row = await test.database.forRequest().read((q) =>
      q.one<{ n: number }>('MATCH (i:Interest) WHERE i.slug IN $slugs RETURN count(i) AS n', { slugs: INTEREST_CATALOGUE.map((i) => i.slug) }),
    );
    expect(row?.n).toBe(INTEREST_CATALOGUE.length);
  });
});
