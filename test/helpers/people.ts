/** People for tests: unique handles, so test files share one database without clashing. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/db/database.js';
import { ConnSendDocument, SignUpDocument } from '../generated/graphql.js';
import type { GraphQLClient } from './client.js';
import type { TestServer } from './server.js';

export const PASSWORD = 'correct horse battery';

/** `prefix_` plus random characters: a handle no other test uses. */
export function uniqueHandle(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`.slice(0, 30);
}

export interface Person {
  id: string;
  handle: string;
  token: string;
  refreshToken: string;
  sessionId: string;
}

export async function signUp(client: GraphQLClient, prefix = 'user', realName = '测试 Tester'): Promise<Person> {
  const handle = uniqueHandle(prefix);
  const result = await client.request(SignUpDocument, { input: { handle, realName, password: PASSWORD } });
  expect(result.errors).toBeUndefined();
  return personFrom(result.data!.signUp);
}

/** The person a signUp or logIn answer speaks for, with their session's tokens. */
export function personFrom(payload: { user: { id: string; handle: string }; token: string; refreshToken: string; sessionId: string }): Person {
  const { user, token, refreshToken, sessionId } = payload;
  return { id: user.id, handle: user.handle, token, refreshToken, sessionId };
}

/** `n` people signed up at once, their handles all starting with `prefix`. */
export function signUpMany(client: GraphQLClient, n: number, prefix: string): Promise<Person[]> {
  return Promise.all(Array.from({ length: n }, () => signUp(client, prefix)));
}

/** `from` asks `to` to connect (through the API), with `message`. */
export function requestConnection(client: GraphQLClient, from: Person, to: Person | string, message: string) {
  return client.request(ConnSendDocument, { handle: typeof to === 'string' ? to : to.handle, message }, { token: from.token });
}

export function serviceToken(test: TestServer, role: Role.CREDIT_BUREAU | Role.IDENTITY_VERIFIER | Role.TRUST_AND_SAFETY): string {
  return test.server.app.tokens.issueForService(role, 3600).token;
}

/** Direct graph edits for states whose API arrives in later features (e.g. connections). */
export async function connect(database: Database, a: Person, b: Person): Promise<void> {
  await database.forRequest().write((q) =>
    q.rows('MATCH (a:User {id: $a}), (b:User {id: $b}) MERGE (a)-[:CONNECTED {since: datetime()}]->(b)', { a: a.id, b: b.id }),
  );
}

/** (blocker)-[:BLOCKED]->(blocked), written straight into the graph as `connect` writes CONNECTED. */
export async function blockInGraph(database: Database, blocker: Person, blocked: Person): Promise<void> {
  await database.forRequest().write((q) =>
    q.rows('MATCH (a:User {id: $a}), (b:User {id: $b}) MERGE (a)-[:BLOCKED]->(b)', { a: blocker.id, b: blocked.id }),
  );
}

export async function countUsers(database: Database, handle: string): Promise<number> {
  const row = await database.forRequest().read((q) =>
    q.one<{ n: number }>('MATCH (u:User) WHERE u.handle = $handle RETURN count(u) AS n', { handle }),
  );
  return row?.n ?? 0;
}
