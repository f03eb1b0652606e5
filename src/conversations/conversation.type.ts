import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A message between two connected people.' })
export class Message {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => Int, {
    description: 'Its place in the conversation: 1 for the first message, then one more for each. Both people see the same numbers and the same order.',
  })
  seq!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the recipient marked it read (markConversationRead); null while unread. An icebreaker is read when its request is accepted.',
  })
  readAt!: Date | null;

  // Resolved through loaders by Message.from and Message.to.
  fromId!: string;
  toId!: string;
  conversationId!: string;
}

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    'Your messages with one person, as you see them. Its first message is the icebreaker of the connection request that connected you. ' +
    'Once either of you disconnects, nobody can send more, and both still read it all; a block, either way, hides it from both of you. ' +
    'When either of you deletes their account, the conversation is deleted with every message in it, yours too: it disappears from the other person\'s list, counts and queries.',
})
export class Conversation {
  @Field(() => ID, { description: 'The same for both people.' })
  id!: string;

  @Field(() => Int, { description: 'Messages to you that you have not marked read.' })
  unreadCount!: number;

  @Field(() => Message, { description: 'The newest message.' })
  lastMessage!: Message;

  /** The other person, resolved by Conversation.with. */
  withId!: string;
  /** The number of the newest message: the end of its sequence, for paging. */
  lastSeq!: number;
  /** When the newest message was written: the conversation's place in your list. */
  lastMessageAt!: Date;
}

export const ConversationConnection = ConnectionType(
  'Conversation',
  Conversation,
  'All your conversations the list shows: the number the graph keeps of yours, less those with people on the other side of a block (found from those people alone); none is read to count them.',
);
export const MessageConnection = ConnectionType('Message', Message);
