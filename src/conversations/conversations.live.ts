/**
 * Where a sent message goes once it is committed. Nothing goes live yet: the
 * `messageReceived` subscription (issue 13, part 3) publishes from here, to every socket
 * of the recipient on every instance, through the live hub (which applies blocks).
 */
import type { AppServices } from '../graphql/context.js';
import type { Message } from './conversation.type.js';

export function messageSent(_app: AppServices, _message: Message): void {
  // The live publish goes here (announceToPerson to message.toId), after the commit.
}
