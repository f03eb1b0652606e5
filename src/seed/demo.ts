/** The demo graph `npm start` seeds into an empty database, and how to log in to it. */
import { hashPassword } from '../auth/passwords.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { generateGraph, type DatasetSummary } from './generate.js';

export const DEMO_SEED = 20_261_123;
export const DEMO_USERS = 300;
/** Every demo account shares this password; it exists only in seeded development data. */
export const DEMO_LOGIN = { handle: 'demo', password: 'quanzi-demo-password' };

export async function seedDemo(database: Database, config: Pick<Config, 'passwordHashCost'>, users = DEMO_USERS): Promise<DatasetSummary> {
  return generateGraph(database, {
    users,
    seed: DEMO_SEED,
    passwordHash: await hashPassword(DEMO_LOGIN.password, config.passwordHashCost),
    namedHandles: [DEMO_LOGIN.handle],
  });
}

/** Seeds the demo graph when the database holds nobody yet; true when it did. */
export async function seedDemoIfEmpty(database: Database, config: Config, log: Logger): Promise<boolean> {
  const db = database.forRequest();
  const row = await db.read((q) => q.one<{ anyone: boolean }>('RETURN EXISTS { MATCH (:User) } AS anyone'));
  if (row?.anyone) return false;
  const summary = await seedDemo(database, config);
  log.info({ ...summary }, 'seeded the demo graph');
  return true;
}

export function demoPlaygroundQuery(): string {
  return `# Welcome to Quanzi. Run LogIn: the token it returns fills the Headers tab by
# itself, as {"Authorization": "Bearer <token>"}. Then run Me; subscriptions use the
# same header. Every demo account's password is "${DEMO_LOGIN.password}".

mutation LogIn {
  logIn(input: { handle: "${DEMO_LOGIN.handle}", password: "${DEMO_LOGIN.password}" }) {
    token
    user { handle realName }
  }
}

query Me {
  me {
    handle realName verified bio
    creditScore creditBand scoreVisibility
    interests { name }
  }
}
`;
}
