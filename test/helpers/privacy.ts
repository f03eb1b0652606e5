/** People with scores and visibility choices, for the privacy tests. */
import { Role } from '../../src/auth/roles.js';
import { PrivProfileDocument, PrivRecordScoreDocument, type UpdateProfileInput } from '../generated/graphql.js';
import { ok } from './client.js';
import { serviceToken, signUp, type Person } from './people.js';
import type { TestServer } from './server.js';

/** A score recorded by the credit bureau, through the API. */
export async function giveScore(test: TestServer, person: Person, score: number): Promise<void> {
  await ok(test.client.request(PrivRecordScoreDocument, { handle: person.handle, score }, { token: serviceToken(test, Role.CREDIT_BUREAU) }));
}

export async function setProfile(test: TestServer, person: Person, input: UpdateProfileInput): Promise<void> {
  await ok(test.client.request(PrivProfileDocument, { input }, { token: person.token }));
}

/** A new person with this score, shown as `scoreVisibility` says. */
export async function scoredPerson(test: TestServer, prefix: string, score: number, input: UpdateProfileInput = {}): Promise<Person> {
  const person = await signUp(test.client, prefix);
  await giveScore(test, person, score);
  if (Object.keys(input).length > 0) await setProfile(test, person, input);
  return person;
}
