import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { readTwoWayPage, toPageConnection, toTwoWayConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { liveSubscription } from '../graphql/live.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { resumeCursor } from '../live/resume.js';
import { handle } from '../shared/validate.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import { Conversation, ConversationConnection, Message, MessageConnection } from './conversation.type.js';
import { checkMessage, SendMessageInput } from './conversations.inputs.js';
import { messageSent, openMessageStream } from './conversations.live.js';
import { primeFromConversations } from './conversations.loaders.js';
import { conversationCount, conversationCursor, conversationsOf, conversationWith, markRead, sendMessage } from './conversations.repository.js';
import { messagesBeyondCursor } from './conversations.rules.js';

@Resolver(() => Conversation)
export class ConversationsResolver {
  @Authorized(Role.USER)
  @Query(() => ConversationConnection, {
    description: 'Your conversations, the most recent message first. Conversations with people you blocked or who blocked you are left out.',
  })
  async conversations(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    const rows = await conversationsOf(ctx.db, viewerId(ctx), page);
    primeFromConversations(ctx.loaders, rows.map((row) => row.node));
    const totalCount = () => conversationCount(ctx.db, viewerId(ctx));
    return { ...toPageConnection(rows, page, conversationCursor), totalCount };
  }

  @Authorized(Role.USER)
  @Query(() => Conversation, {
    nullable: true,
    description:
      'Your conversation with this person, or null: when you have none, for a handle nobody has, and when either of you blocked the other (to the person blocked, the blocker is a handle nobody has).',
  })
  async conversation(@Arg('withHandle', () => String) withHandle: string, @Ctx() ctx: Context): Promise<Conversation | null> {
    const conversation = await conversationWith(ctx.db, viewerId(ctx), handle('withHandle', withHandle));
    if (conversation) primeFromConversations(ctx.loaders, [conversation]);
    return conversation;
  }

  @Authorized(Role.USER)
  @Mutation(() => Message, {
    description:
      'Sends a message to a person you are connected with; anyone else (a stranger, someone who blocked you, a handle nobody has) gets the same FORBIDDEN. ' +
      'Rate-limited per sender. A retry with the same clientMessageId returns the first message.',
  })
  async sendMessage(@Arg('input', () => SendMessageInput) input: SendMessageInput, @Ctx() ctx: Context): Promise<Message> {
    const message = checkMessage(input);
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.messagesPerUser, viewerId(ctx));
    const sent = await sendMessage(ctx.db, viewerId(ctx), message);
    if (sent.created) messageSent(ctx.app, sent.message);
    return sent.message;
  }

  @Authorized(Role.USER)
  @Mutation(() => Conversation, {
    description: 'Marks every message to you in your conversation with this person read (sets their readAt), and takes them off your unread counts.',
  })
  async markConversationRead(@Arg('withHandle', () => String) withHandle: string, @Ctx() ctx: Context): Promise<Conversation> {
    const conversation = await markRead(ctx.db, viewerId(ctx), handle('withHandle', withHandle));
    primeFromConversations(ctx.loaders, [conversation]);
    ctx.loaders.conversations.unreadTotal.clear(viewerId(ctx));
    return conversation;
  }

  @Subscription(() => Message, {
    description:
      'Messages sent to you, live, on every socket of yours. Not your own (read them in `conversation`); nothing from people you blocked or who blocked you.',
    subscribe: liveSubscription(openMessageStream),
  })
  messageReceived(
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume: the `cursor` of the last message you received. Those sent to you since come first, in order, then live ones, with none twice.',
    })
    _after: string | null,
    @Root() message: Message,
  ): Message {
    return message;
  }

  @FieldResolver(() => User, {
    description: 'You, so an answer that changes your totals (markConversationRead) carries `me { unreadMessageCount }`.',
  })
  me(@Ctx() ctx: Context): Promise<User> {
    return personById(ctx, viewerId(ctx));
  }

  @FieldResolver(() => User, { description: 'The other person.' })
  with(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, conversation.withId);
  }

  @FieldResolver(() => MessageConnection, {
    description:
      'Messages in their order (by seq), the same for both of you. Without arguments, the newest 20; page back with `last` and `before: startCursor`, ' +
      'or forward from the first with `first` and `after: endCursor`. A page costs the same in a conversation of 20 messages or 200,000.',
  })
  async messages(@Root() conversation: Conversation, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_SEQUENCE, 'end');
    const messages = await ctx.loaders.conversations.messages.load({ id: conversation.id, page });
    return toTwoWayConnection(messages, page, (message) => [message.seq], messagesBeyondCursor(page, conversation.lastSeq));
  }
}

@Resolver(() => Message)
export class MessageFieldsResolver {
  @FieldResolver(() => String, { description: 'Where `messageReceived(after:)` resumes after this message.' })
  cursor(@Root() message: Message): string {
    return resumeCursor('messageReceived', message.createdAt, message.id);
  }

  @FieldResolver(() => Conversation, {
    nullable: true,
    description: 'The conversation it is in, so sendMessage answers its new `lastMessage`. Null where `node(id:)` would be (a block between you).',
  })
  conversation(@Root() message: Message, @Ctx() ctx: Context): Promise<Conversation | null> {
    return ctx.loaders.conversations.byId.load(message.conversationId);
  }

  @FieldResolver(() => User)
  from(@Root() message: Message, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, message.fromId);
  }

  @FieldResolver(() => User)
  to(@Root() message: Message, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, message.toId);
  }
}

@Resolver(() => User)
export class UserUnreadMessagesResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Your unread messages across your conversations (those a block hides left out); yours alone: null on anyone else.',
  })
  async unreadMessageCount(@Root() user: User, @Ctx() ctx: Context): Promise<number | null> {
    if (!isViewer(ctx, user.id)) return null;
    return (await ctx.loaders.conversations.unreadTotal.load(user.id))?.unread ?? 0;
  }
}
