/** The server processes a benchmark drives: Quanzi instances and a bare Apollo Server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type Config } from '../../src/config.js';
import type { Connection } from '../../src/db/connect.js';
import { anyFreePort } from '../../src/db/local/ports.js';

export interface ServerProcess {
  url: string;
  wsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

/** A Quanzi server's memory after a full collection (needs DIAGNOSTICS=true), in bytes. */
export async function serverMemory(server: ServerProcess): Promise<{ rss: number; held: number }> {
  const memory = (await (await fetch(server.url.replace(/\/graphql$/, '/debug/memory'))).json()) as NodeJS.MemoryUsage;
  return { rss: memory.rss, held: memory.heapUsed + memory.external };
}

/** Resident memory of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** CPU time a process has used so far, in seconds (user + system). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output().slice(-3000)}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server at ${url} did not start:\n${output().slice(-3000)}`);
}

function stopper(child: ChildProcess) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
}

/** A Quanzi server process (production mode, as an operator runs it) with the given environment. */
export async function startQuanzi(env: Record<string, string>): Promise<ServerProcess> {
  const port = await anyFreePort();
  // --expose-gc lets GET /debug/memory (DIAGNOSTICS=true) collect garbage before it measures.
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(projectRoot, 'src', 'main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  await waitUntilReady(`http://127.0.0.1:${port}/healthz`, child, () => output);
  return { url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql`, pid: child.pid!, stop: stopper(child) };
}

export const startBareApollo = () => startBenchServer('bare-apollo.ts', {});

/**
 * The Neo4j GraphQL Library peer (library-peer.ts) over the database a Quanzi server's
 * environment names (benchServerEnv).
 */
export const startLibraryPeer = (env: Record<string, string>) =>
  startBenchServer('library-peer.ts', { NEO4J_URI: env.NEO4J_URI!, NEO4J_USERNAME: env.NEO4J_USERNAME!, NEO4J_PASSWORD: env.NEO4J_PASSWORD!, NEO4J_DATABASE: env.NEO4J_DATABASE! });

/** A peer server from scripts/bench, listening on loopback at the port it is given. */
async function startBenchServer(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await anyFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'bench', script), String(port)], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilReady(url, child, () => output);
  return { url, wsUrl: '', pid: child.pid!, stop: stopper(child) };
}

/**
 * The environment a Quanzi server process needs to serve the database a benchmark opened
 * (the local instance it started, or NEO4J_URI), signing tokens with `jwtSecret`: round-trips
 * reported (DIAGNOSTICS), warnings only.
 */
export function benchServerEnv(connection: Connection, config: Config, jwtSecret: string): Record<string, string> {
  return {
    NEO4J_URI: connection.local?.uri ?? config.neo4j.uri!,
    NEO4J_USERNAME: connection.local?.username ?? config.neo4j.username,
    NEO4J_PASSWORD: connection.local?.password ?? config.neo4j.password ?? '',
    NEO4J_DATABASE: config.neo4j.database,
    JWT_SECRET: jwtSecret,
    DIAGNOSTICS: 'true',
    LOG_LEVEL: 'warn',
  };
}
