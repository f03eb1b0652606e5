/**
 * npm run neo4j -- <start|stop|status|env> [--instance dev|test|bench]
 *
 *   start   start the local Neo4j and leave it running (later `npm start`/`npm test` reuse it)
 *   stop    stop it
 *   status  say whether it runs, where, and where its data is
 *   env     print NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD lines for other processes
 */
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../src/config.js';
import { startupFailure } from '../src/startup-failure.js';
import { ensureLocalNeo4j, instanceHome, readServerState, stopLocalNeo4j } from '../src/db/local/local-neo4j.js';
import { localNeo4jOptions } from '../src/db/connect.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { instance: { type: 'string', default: 'dev' } },
});
const command = positionals[0] ?? 'status';
const config = (() => {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    console.error(startupFailure(error));
    process.exit(1);
  }
})();
const instance = values.instance!;
const home = instanceHome(config.dataDir, instance);
const log = (message: string) => console.error(message);

function running(): { uri: string; pid: number } | null {
  const state = readServerState(home);
  if (!state) return null;
  try {
    process.kill(state.pid, 0);
  } catch {
    return null;
  }
  return { uri: `bolt://127.0.0.1:${state.port}`, pid: state.pid };
}

switch (command) {
  case 'start': {
    try {
      const server = await ensureLocalNeo4j({ ...localNeo4jOptions(config, instance), keepRunning: true, log });
      console.log(`Neo4j (${instance}) is running at ${server.uri}; stop it with \`npm run neo4j -- stop\`.`);
    } catch (error) {
      console.error(startupFailure(error));
      process.exit(1);
    }
    break;
  }
  case 'stop': {
    const stopped = await stopLocalNeo4j(home);
    console.log(stopped ? `Stopped the local Neo4j (${instance}).` : `The local Neo4j (${instance}) was not running.`);
    break;
  }
  case 'status': {
    const server = running();
    console.log(server ? `running at ${server.uri} (pid ${server.pid}); data in ${home}` : `not running; data in ${home}`);
    break;
  }
  case 'env': {
    const server = running();
    if (!server) {
      console.error(`The local Neo4j (${instance}) is not running; start it with \`npm run neo4j -- start\`.`);
      process.exit(1);
    }
    const password = readFileSync(path.join(home, 'password'), 'utf8').trim();
    console.log(`NEO4J_URI=${server.uri}\nNEO4J_USERNAME=neo4j\nNEO4J_PASSWORD=${password}\nNEO4J_DATABASE=neo4j`);
    break;
  }
  default:
    console.error(`Unknown command "${command}". Use start, stop, status or env.`);
    process.exit(2);
}
