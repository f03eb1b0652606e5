/**
 * `npm start` that cannot start says why in one paragraph, with what to do, and no stack
 * trace: the server's entry point (src/main.ts, as `npm start` runs it) in a child process
 * with a bad setting, a missing tool, a taken port or an unreachable NEO4J_URI. And `.env`
 * is read (QUANZI_ENV_FILE names another file), never over a variable already set.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../src/config.js';

interface Run {
  code: number | null;
  output: string;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'quanzi-first-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts the server as `npm start` does (tsx src/main.ts), with only the environment given (plus PATH and HOME). */
function start(env: Record<string, string>, timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      {
        cwd: projectRoot,
        timeout: timeoutMs,
        // A data folder of its own: no local Neo4j of this checkout is reused or disturbed.
        env: { PATH: process.env.PATH!, HOME: process.env.HOME!, QUANZI_DATA_DIR: path.join(scratch, 'data'), LOG_LEVEL: 'warn', ...env },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** Exit 1 with one paragraph that starts "Quanzi cannot start:" and matches `says`; nothing like a stack trace anywhere. */
function expectOneParagraph(run: Run, says: RegExp): void {
  expect(run.code, run.output).toBe(1);
  const lines = run.output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
  expect(lines, run.output).toHaveLength(1);
  expect(lines[0]).toMatch(/^Quanzi cannot start: /);
  expect(lines[0]).toMatch(says);
  expect(run.output).not.toMatch(/^\s+at /m);
  expect(run.output).not.toMatch(/\.(ts|js|java):\d+/);
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** A PATH of one folder holding links to just the given commands (node is run by its full path anyway). */
function pathWith(commands: string[]): string {
  const dir = mkdtempSync(path.join(scratch, 'bin-'));
  for (const command of commands) symlinkSync(path.join('/usr/bin', command), path.join(dir, command));
  return dir;
}

describe('a start that cannot succeed says what to do in one paragraph', () => {
  let held: { server: Server; port: number };
  beforeAll(async () => {
    held = await listen();
  });
  afterAll(() => held.server.close());

  it('a bad setting names the variable and what it accepts', async () => {
    expectOneParagraph(await start({ PORT: 'eighty' }), /PORT must be a whole number from 0 to 65535; got "eighty"/);
    expectOneParagraph(await start({ NEO4J_URI: 'http://localhost:7474' }), /NEO4J_URI must start with neo4j:\/\/.*got "http:\/\/localhost:7474"/);
  });

  it('NEO4J_URI that nobody answers: which address, what to check', async () => {
    const closed = await listen();
    await new Promise((resolve) => closed.server.close(resolve));
    const run = await start({ NEO4J_URI: `bolt://127.0.0.1:${closed.port}` });
    expectOneParagraph(run, new RegExp(`cannot reach Neo4j at NEO4J_URI \\(bolt://127.0.0.1:${closed.port}\\).*Check that the server runs`));
  });

  it('NEO4J_LOCAL_PORT taken by something else: says so before fetching or starting anything', async () => {
    const run = await start({ NEO4J_LOCAL_PORT: String(held.port) });
    expectOneParagraph(run, new RegExp(`NEO4J_LOCAL_PORT is ${held.port}, and something else is listening on that port.*unset NEO4J_LOCAL_PORT`));
  });

  it('no Java: what to install, or NEO4J_URI', async () => {
    const run = await start({ PATH: pathWith([]) });
    expectOneParagraph(run, /needs Java 17 or newer, and `java` was not found\. Install them .*or set NEO4J_URI/);
  });

  it('no Maven (first start, nothing fetched yet): what to install', async () => {
    const run = await start({ PATH: pathWith(['java', 'javac']) });
    expectOneParagraph(run, /`mvn` was not found; it is needed to fetch Neo4j with Maven\. Install them/);
  });

  it("the server's own port taken: which one, and PORT", async () => {
    const db = inject('neo4j');
    const run = await start({
      PORT: String(held.port),
      NEO4J_URI: db.uri,
      NEO4J_USERNAME: db.username,
      NEO4J_PASSWORD: db.password,
      NEO4J_DATABASE: db.database,
      SEED_DEMO: 'false',
    });
    expectOneParagraph(run, new RegExp(`port ${held.port} on 127.0.0.1 is already in use.*set PORT to a free port`));
  });
});

describe('.env', () => {
  const envFile = path.join(scratch, 'settings.env');
  beforeAll(() => writeFileSync(envFile, '# a comment\nPORT="from-the-file"\n'));

  it('is read when present', async () => {
    // PORT from the file is read first and refused: proof the file was read.
    expectOneParagraph(await start({ QUANZI_ENV_FILE: envFile }), /PORT must be a whole number .*got "from-the-file"/);
  });

  it('never overrides a variable already set in the environment', async () => {
    expectOneParagraph(await start({ QUANZI_ENV_FILE: envFile, PORT: 'from-the-environment' }), /got "from-the-environment"/);
  });

  it('a QUANZI_ENV_FILE that does not exist is named', async () => {
    expectOneParagraph(await start({ QUANZI_ENV_FILE: path.join(scratch, 'missing.env') }), /QUANZI_ENV_FILE names .*missing\.env, which does not exist/);
  });
});
