/** Conversations for tests, through the API as a client makes them. */
import { ConnRespondDocument, ConvSendDocument, ConvWithDocument } from '../generated/graphql.js';
import { ok, type GraphQLClient } from './client.js';
import { requestConnection, type Person } from './people.js';

/** `from` asks `to` to connect with `icebreaker`, and `to` accepts: their conversation opens with it. */
export async function connectThroughApi(client: GraphQLClient, from: Person, to: Person, icebreaker = `Hello from ${from.handle}`): Promise<void> {
  await ok(requestConnection(client, from, to, icebreaker));
  await ok(client.request(ConnRespondDocument, { fromHandle: from.handle, accept: true }, { token: to.token }));
}

/** Sends a message that must be accepted; returns it. */
export async function sendOk(client: GraphQLClient, from: Person, to: Person, body: string, clientMessageId?: string) {
  const data = await ok(client.request(ConvSendDocument, { input: { toHandle: to.handle, body, clientMessageId } }, { token: from.token }));
  return data.sendMessage;
}

/** The viewer's conversation with `other` (null when none is shown), with a page of its messages. */
export async function conversationOf(
  client: GraphQLClient,
  viewer: Person,
  other: Person | string,
  page: { first?: number; after?: string; last?: number; before?: string } = {},
) {
  const withHandle = typeof other === 'string' ? other : other.handle;
  return (await ok(client.request(ConvWithDocument, { withHandle, ...page }, { token: viewer.token }))).conversation;
}
