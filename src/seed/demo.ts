/** The demo graph `npm start` seeds into an empty database, and how to log in to it. */
import { hashPassword } from '../auth/passwords.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify } from '../graph/notifications.js';
import type { Logger } from '../logger.js';
import { generateGraph, type DatasetSummary } from './generate.js';

export const DEMO_SEED = 20_261_123;
export const DEMO_USERS = 300;
/** Every demo account shares this password; it exists only in seeded development data. */
export const DEMO_LOGIN = { handle: 'demo', password: 'quanzi-demo-password' };

export async function seedDemo(database: Database, config: Pick<Config, 'passwordHashCost'>, users = DEMO_USERS): Promise<DatasetSummary> {
  const summary = await generateGraph(database, {
    users,
    seed: DEMO_SEED,
    passwordHash: await hashPassword(DEMO_LOGIN.password, config.passwordHashCost),
    namedHandles: [DEMO_LOGIN.handle],
  });
  await seedInvitation(database);
  return summary;
}

/** The invite-only circle the demo seeds, with an invitation waiting for the demo user. */
export const DEMO_INVITE_ONLY_SLUG = 'quanzi-insiders';

/**
 * An invite-only circle founded by another demo person, who invited the demo user: the
 * playground then shows `me { circleInvitations }`, the CIRCLE_INVITATION notification and
 * respondToCircleInvitation with real data.
 */
async function seedInvitation(database: Database): Promise<void> {
  await database.forRequest().write(async (q) => {
    const row = await q.one<{ ownerId: string; demoId: string; circleId: string }>(
      `MATCH (demo:User {handle: $handle})
       MATCH (owner:User) WHERE owner.handle <> $handle
       WITH demo, owner ORDER BY owner.handle LIMIT 1
       MATCH (i:Interest) WITH demo, owner, i ORDER BY i.slug LIMIT 1
       CREATE (c:Circle {id: randomUUID(), slug: $slug, name: 'Quanzi insiders', description: 'Invitation only: early users trading notes.',
                         minCreditScore: null, requiresVerified: false, membersOnly: true, joinPolicy: 'INVITE_ONLY', createdAt: datetime()})
       CREATE (owner)-[:MEMBER_OF {role: 'OWNER', joinedAt: datetime(), circleId: c.id}]->(c)
       CREATE (c)-[:ABOUT]->(i)
       CREATE (demo)-[:INVITED_TO {id: randomUUID(), byId: owner.id, at: datetime.truncate('millisecond', datetime())}]->(c)
       RETURN owner.id AS ownerId, demo.id AS demoId, c.id AS circleId`,
      { handle: DEMO_LOGIN.handle, slug: DEMO_INVITE_ONLY_SLUG },
    );
    if (!row) return;
    await notify(q, [{ kind: NotificationKind.CIRCLE_INVITATION, recipientId: row.demoId, actorId: row.ownerId, circleId: row.circleId }]);
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
