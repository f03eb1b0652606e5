/**
 * The project's own Neo4j 5.26 Community server, for `npm start` and `npm test` when
 * NEO4J_URI is unset. Maven resolves the jars once (cached in ~/.m2), a small Java
 * launcher (launcher/QuanziNeo4j.java) runs the DBMS with Bolt on 127.0.0.1, and the
 * data lives in `<dataDir>/neo4j/<instance>` so a restart keeps it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import { anyFreePort, portFree } from './ports.js';

const launcherDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'launcher');
const launcherSource = path.join(launcherDir, 'QuanziNeo4j.java');
const launcherPom = path.join(launcherDir, 'pom.xml');
const launcherConf = path.join(launcherDir, 'neo4j.conf');
const READY_MARKER = 'QUANZI_NEO4J_READY';
const USERNAME = 'neo4j';

export interface LocalNeo4jOptions {
  dataDir: string;
  /** Separate instances never share data: `dev` for npm start, `test` for npm test. */
  instance: string;
  preferredPort: number;
  /** The port was set (NEO4J_LOCAL_PORT): use exactly it, and say so when it is taken, rather than pick another. */
  fixedPort?: boolean;
  /** Leave the server running when this process exits; a later start reuses it. */
  keepRunning: boolean;
  transactionTimeoutMs: number;
  heapMb?: number;
  pageCacheMb?: number;
  log: (message: string) => void;
}

export interface LocalNeo4j {
  uri: string;
  username: string;
  password: string;
  /** False when an already-running server was reused. */
  startedHere: boolean;
  stop(): Promise<void>;
}

interface ServerState {
  pid: number;
  port: number;
  startedAt: string;
}

export class LocalNeo4jError extends Error {}

export function instanceHome(dataDir: string, instance: string): string {
  return path.join(dataDir, 'neo4j', instance);
}

const stateFile = (home: string) => path.join(home, 'quanzi-server.json');
const passwordFile = (home: string) => path.join(home, 'password');
const launcherLog = (home: string) => path.join(home, 'logs', 'quanzi-launcher.log');

export function readServerState(home: string): ServerState | null {
  try {
    return JSON.parse(readFileSync(stateFile(home), 'utf8')) as ServerState;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrCreatePassword(home: string): string {
  const file = passwordFile(home);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function boltAnswers(uri: string, password: string, timeoutMs = 3000): Promise<boolean> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(USERNAME, password), {
    connectionAcquisitionTimeout: timeoutMs,
    connectionTimeout: timeoutMs,
    logging: { level: 'error', logger: () => {} },
  });
  try {
    await driver.verifyConnectivity();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

const INSTALL_HINT =
  'Install them (Debian/Ubuntu: `apt-get install openjdk-17-jdk-headless maven`; macOS: `brew install openjdk@17 maven`), ' +
  'or set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to use a Neo4j server of your own.';

/** Fails at once, with what to install, when Java 17+ is not on the PATH. */
function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalNeo4jError(`Quanzi's local Neo4j needs Java 17 or newer, and \`java\` was not found. ${INSTALL_HINT}`);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new LocalNeo4jError(`Quanzi's local Neo4j needs Java 17 or newer; found Java ${major || 'of unknown version'}. ${INSTALL_HINT}`);
  }
}

/** The last line of a tool's output that says what went wrong (Maven's `[ERROR]`, Java's exception), for a one-line reason. */
export function failureLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const causes = lines.filter((line) => /^Caused by: /.test(line));
  const found =
    causes.at(-1)?.replace(/^Caused by: /, '') ??
    lines.find((line) => /^\[ERROR\] /.test(line))?.replace(/^\[ERROR\] /, '') ??
    lines.find((line) => /(Exception|Error)(: |$)/.test(line) && !/^at /.test(line)) ??
    lines.at(-1) ??
    'no output';
  return found.length > 300 ? `${found.slice(0, 300)}…` : found;
}

interface RunOptions {
  env?: Record<string, string>;
  /** Where the tool's output goes as it runs (a long tool's progress), besides the failure report. */
  echo?: NodeJS.WritableStream;
}

/** Runs a tool; on failure, one paragraph: what failed, the line that says why, and where its full output is. */
function run(command: string, args: string[], what: string, outputFile: string, hint: string, extra: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extra.env } });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk;
      extra.echo?.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new LocalNeo4jError(missing ? `\`${command}\` was not found; it is needed to ${what}. ${INSTALL_HINT}` : `Could not ${what}: ${error.message}. ${hint}`));
    });
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      writeFileSync(outputFile, output);
      reject(new LocalNeo4jError(`Could not ${what} (\`${command}\` exited with ${code}): ${failureLine(output)}. ${hint} The full output is in ${outputFile}.`));
    });
  });
}

const shortHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);

/**
 * Resolves the Neo4j jars with Maven (once per pom.xml, cached in
 * `<dataDir>/neo4j/runtime/<pom hash>`) and compiles the launcher (once per version of it).
 */
async function prepareRuntime(dataDir: string, log: (m: string) => void): Promise<{ classpath: string }> {
  const runtimeDir = path.join(dataDir, 'neo4j', 'runtime', shortHash(launcherPom));
  const classpathFile = path.join(runtimeDir, 'classpath.txt');
  const classesDir = path.join(runtimeDir, `classes-${shortHash(launcherSource)}`);
  mkdirSync(runtimeDir, { recursive: true });

  const cachedJarsPresent = () =>
    existsSync(classpathFile) &&
    readFileSync(classpathFile, 'utf8').trim().split(path.delimiter).every((jar) => existsSync(jar));
  if (!cachedJarsPresent()) {
    log('Fetching Neo4j 5.26 Community with Maven (first run only; about 150 MB, cached in ~/.m2)…');
    await run(
      'mvn',
      ['-q', '-B', '-f', launcherPom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`],
      'fetch Neo4j with Maven',
      path.join(runtimeDir, 'maven.log'),
      'Check the network connection (and a proxy in ~/.m2/settings.xml, if you need one), then start again; ' +
        'or set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to use a Neo4j server of your own.',
    );
  }
  const jars = readFileSync(classpathFile, 'utf8').trim();
  if (!existsSync(path.join(classesDir, 'QuanziNeo4j.class'))) {
    await run('javac', ['-nowarn', '-cp', jars, '-d', classesDir, launcherSource], 'compile the Neo4j launcher', path.join(runtimeDir, 'javac.log'),
      `Java 17+ with its compiler (a JDK, not only a JRE) is needed. ${INSTALL_HINT}`);
  }
  return { classpath: `${classesDir}${path.delimiter}${jars}` };
}

/**
 * Runs Neo4j's admin tool (the `neo4j-admin` command: the offline importer, for one) over an
 * instance's home with the server's own jars and settings. The instance must be stopped.
 */
export async function runNeo4jAdmin(
  options: { dataDir: string; instance: string; heapMb: number; log: (message: string) => void; echo?: NodeJS.WritableStream },
  args: string[],
): Promise<void> {
  const home = instanceHome(options.dataDir, options.instance);
  const state = readServerState(home);
  if (state && processAlive(state.pid)) {
    throw new LocalNeo4jError(`The local Neo4j (${options.instance}) is running; stop it (\`npm run neo4j -- stop --instance ${options.instance}\`) first.`);
  }
  checkJava();
  const { classpath } = await prepareRuntime(options.dataDir, options.log);
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  await run(
    'java',
    [`-Xmx${options.heapMb}m`, '-XX:+UseG1GC', '-cp', classpath, 'org.neo4j.cli.AdminTool', ...args],
    `run neo4j-admin ${args.slice(0, 3).join(' ')}`,
    path.join(home, 'logs', 'quanzi-admin.log'),
    'Check the arguments and the instance, then try again.',
    // The server's settings (launcher/neo4j.conf) and its home: the tool finds the stores there.
    { env: { NEO4J_HOME: home, NEO4J_CONF: launcherDir }, echo: options.echo },
  );
}

/** A start-up lock, so two processes never start the same instance at once. */
async function withStartLock<T>(home: string, work: () => Promise<T>): Promise<T> {
  const lockDir = path.join(home, '.starting');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      const stale = existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > 5 * 60_000;
      if (stale) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) {
        throw new LocalNeo4jError(
          `Another process has been starting the local Neo4j in ${home} for 5 minutes. Wait for it, or stop it ` +
            '(`npm run neo4j -- stop`) and start again.',
        );
      }
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readLogFrom(file: string, offset: number): string {
  try {
    return readFileSync(file, 'utf8').slice(offset);
  } catch {
    return '';
  }
}

/** Neo4j could not bind its port: another process took it between our check and its start. */
class PortTakenError extends LocalNeo4jError {}

const BIND_FAILURE = /BindException|Address already in use|bind\(.*\) failed/;

async function waitForReady(child: ChildProcess, logFile: string, offset: number, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const output = readLogFrom(logFile, offset);
    if (output.includes(READY_MARKER)) return;
    if (exitCode !== undefined) {
      if (BIND_FAILURE.test(output)) throw new PortTakenError(failureLine(output));
      throw new LocalNeo4jError(
        `The local Neo4j stopped before it was ready (exit ${exitCode}): ${failureLine(output)}. The full log is ${logFile}. ` +
          'If the data folder is damaged, stop everything and move it away to start afresh; or set NEO4J_URI to use a Neo4j server of your own.',
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new LocalNeo4jError(
    `The local Neo4j was not ready after ${timeoutMs / 1000} s; the machine may be too busy. Start again, or see ${logFile}.`,
  );
}

function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const poll = () => {
      if (!processAlive(pid)) resolve(true);
      else if (Date.now() > deadline) resolve(false);
      else setTimeout(poll, 100);
    };
    poll();
  });
}

/** Stops the server recorded for an instance, whoever started it. */
export async function stopLocalNeo4j(home: string): Promise<boolean> {
  const state = readServerState(home);
  if (!state || !processAlive(state.pid)) {
    rmSync(stateFile(home), { force: true });
    return false;
  }
  process.kill(state.pid, 'SIGTERM');
  if (!(await waitForExit(state.pid, 60_000))) process.kill(state.pid, 'SIGKILL');
  rmSync(stateFile(home), { force: true });
  return true;
}

/** Reuses the instance's running server, or starts one. */
export async function ensureLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const home = instanceHome(options.dataDir, options.instance);
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const password = readOrCreatePassword(home);

  return withStartLock(home, async () => {
    const existing = readServerState(home);
    if (existing && processAlive(existing.pid)) {
      if (options.fixedPort && existing.port !== options.preferredPort) {
        throw new LocalNeo4jError(
          `The local Neo4j (${options.instance}) is already running on port ${existing.port}, not on NEO4J_LOCAL_PORT ` +
            `(${options.preferredPort}). Stop it with \`npm run neo4j -- stop\` and start again to move it.`,
        );
      }
      const uri = `bolt://127.0.0.1:${existing.port}`;
      if (await boltAnswers(uri, password)) {
        options.log(`Reusing the local Neo4j already running at ${uri} (pid ${existing.pid})`);
        return { uri, username: USERNAME, password, startedHere: false, stop: async () => {} };
      }
      throw new LocalNeo4jError(
        `A local Neo4j (pid ${existing.pid}) holds ${home} but does not answer on port ${existing.port}; ` +
          'stop it with `npm run neo4j -- stop` and try again.',
      );
    }

    if (options.fixedPort && !(await portFree(options.preferredPort))) throw fixedPortTaken(options.preferredPort);
    checkJava();
    const { classpath } = await prepareRuntime(options.dataDir, options.log);
    const logFile = launcherLog(home);
    // Two launchers (two checkouts, or npm start beside npm test) can both find a port free
    // and race for it: the loser's Neo4j fails to bind, and starts again on another port.
    let port = options.fixedPort || (await portFree(options.preferredPort)) ? options.preferredPort : await anyFreePort();
    for (let attempt = 1; ; attempt += 1) {
      const child = startJava(options, home, classpath, port, logFile);
      try {
        await child.ready;
        const state: ServerState = { pid: child.process.pid!, port, startedAt: new Date().toISOString() };
        writeFileSync(stateFile(home), JSON.stringify(state, null, 2));
        return started(options, child.process, state, password);
      } catch (error) {
        if (!(error instanceof PortTakenError)) throw error;
        if (options.fixedPort) throw fixedPortTaken(port);
        if (attempt >= PORT_ATTEMPTS) {
          throw new LocalNeo4jError(
            `The local Neo4j could not get a free port in ${PORT_ATTEMPTS} attempts (${error.message}). Start again, ` +
              'or set NEO4J_LOCAL_PORT to a port nothing else uses.',
          );
        }
        const next = await anyFreePort();
        options.log(`Port ${port} was taken as Neo4j started (another local Neo4j starting at the same moment?); trying port ${next}.`);
        port = next;
      }
    }
  });
}

/**
 * How long a start waits for Neo4j to be ready. A cold JVM takes half a minute on an idle
 * laptop and several minutes on a machine busy with other builds; failing early there would
 * make a first start fail by chance.
 */
const READY_WITHIN_MS = 600_000;

/** How many ports a start tries when others keep taking them first. */
const PORT_ATTEMPTS = 5;

const fixedPortTaken = (port: number) =>
  new LocalNeo4jError(
    `NEO4J_LOCAL_PORT is ${port}, and something else is listening on that port (another Neo4j?). Stop it, ` +
      'set NEO4J_LOCAL_PORT to a free port, or unset NEO4J_LOCAL_PORT to let the local Neo4j pick a free one.',
  );

function startJava(options: LocalNeo4jOptions, home: string, classpath: string, port: number, logFile: string): { process: ChildProcess; ready: Promise<void> } {
  const logOffset = readLogFrom(logFile, 0).length;
  const logFd = openSync(logFile, 'a');
  const args = [
    `-Xmx${options.heapMb ?? 1024}m`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-Dlog4j2.disable.jmx=true',
    '-cp',
    classpath,
    'QuanziNeo4j',
    home,
    String(port),
    passwordFile(home),
    String(options.pageCacheMb ?? 512),
    String(options.transactionTimeoutMs),
    launcherConf,
    ...(options.keepRunning ? [] : ['--watch-stdin']),
  ];
  options.log(`Starting the local Neo4j (${options.instance}) on bolt://127.0.0.1:${port}…`);
  const child = spawn('java', args, {
    stdio: [options.keepRunning ? 'ignore' : 'pipe', logFd, logFd],
    detached: options.keepRunning,
  });
  closeSync(logFd);
  return { process: child, ready: waitForReady(child, logFile, logOffset, READY_WITHIN_MS) };
}

/** The handle on a server this process started: kept running, or stopped with this process. */
function started(options: LocalNeo4jOptions, child: ChildProcess, state: ServerState, password: string): LocalNeo4j {
  const uri = `bolt://127.0.0.1:${state.port}`;
  const home = instanceHome(options.dataDir, options.instance);
  if (options.keepRunning) {
    child.unref();
    return { uri, username: USERNAME, password, startedHere: true, stop: async () => {} };
  }
  // Our stdin pipe must not keep the event loop alive; closing it (or our death) stops the server.
  (child.stdin as NodeJS.WritableStream & { unref?: () => void } | null)?.unref?.();
  child.unref();
  return {
    uri,
    username: USERNAME,
    password,
    startedHere: true,
    stop: async () => {
      child.stdin?.end();
      if (!(await waitForExit(state.pid, 60_000))) child.kill('SIGKILL');
      rmSync(stateFile(home), { force: true });
    },
  };
}
