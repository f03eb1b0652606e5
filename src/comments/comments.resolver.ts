import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { MODERATION_REASON_RULE } from '../circles/moderation.rules.js';
import { CursorKind } from '../graph/cursors.js';
import { REACTION_KINDS } from '../graph/reactions.js';
import type { Context } from '../graphql/context.js';
import { circleAnnouncing } from '../graphql/live.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { viewerId } from '../graphql/viewer.js';
import type { CommentEventKind } from '../live/events.js';
import { announceCircleEvent, announceNotifications } from '../live/publish.js';
import { announceRemoval } from '../live/removals.js';
import { Post } from '../posts/post.type.js';
import { optionalText } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { toCommentSnapshot } from './comment.snapshot.js';
import { Comment, CommentConnection, MaxMentions } from './comment.type.js';
import { AddCommentInput, checkCommentBody, checkCommentKey, EditCommentInput } from './comments.inputs.js';
import { addComment, commentCursor, editComment, removeComment, type WrittenComment } from './comments.repository.js';
import { PostReaction, ReactionKind } from './reaction.type.js';
import { react, unreact } from './reactions.repository.js';
import { visibleReactions } from './reactions.rules.js';

/** Tells the circle's watchers, once the write has committed. */
function announceComment(ctx: Context, kind: CommentEventKind, { comment, postAuthorId }: WrittenComment): Promise<void> {
  return announceCircleEvent(circleAnnouncing(ctx), {
    kind,
    circleId: comment.circleId,
    at: new Date().toISOString(),
    actorId: viewerId(ctx),
    comment: toCommentSnapshot(comment),
    postAuthorId,
  });
}

@Resolver(() => Comment)
export class CommentsResolver {
  @Authorized(Role.USER)
  @Mutation(() => Comment, { description: "Comments on a post in a circle you are a member of, or replies to one of its top-level comments. Notifies the post's author (of a top-level comment), the replied-to comment's author (of a reply) and the people mentioned." })
  async addComment(@Arg('input', () => AddCommentInput) input: AddCommentInput, @Ctx() ctx: Context): Promise<Comment> {
    const { body, mentioned } = checkCommentBody(input.body);
    const idempotencyKey = checkCommentKey(input.idempotencyKey);
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.commentsPerUser, viewerId(ctx));
    const { row, notifications } = await addComment(ctx.db, { authorId: viewerId(ctx), postId: input.postId, replyToId: input.replyToId ?? null, body, mentioned, idempotencyKey });
    announceNotifications(ctx.app.pubSub, notifications);
    if (row.created) await announceComment(ctx, 'COMMENT_ADDED', row);
    return row.comment;
  }

  @Authorized(Role.USER)
  @Mutation(() => Comment, { description: 'Changes the body of your own comment; sets editedAt. People newly mentioned are notified. Rate-limited like post edits.' })
  async editComment(@Arg('input', () => EditCommentInput) input: EditCommentInput, @Ctx() ctx: Context): Promise<Comment> {
    const { body, mentioned } = checkCommentBody(input.body);
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.editsPerUser, viewerId(ctx));
    const { row, notifications } = await editComment(ctx.db, viewerId(ctx), input.id, body, mentioned);
    announceNotifications(ctx.app.pubSub, notifications);
    await announceComment(ctx, 'COMMENT_EDITED', row);
    return row.comment;
  }

  @Authorized(Role.USER)
  @Mutation(() => Comment, {
    description:
      "Removes a comment: the author's own, or any in the circle for its owners and moderators (whose removal notifies the author, with `reason` if given). It stays in its thread as removed, without body or author.",
  })
  async deleteComment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: `Moderators only, removing someone else's comment: why (up to ${MODERATION_REASON_RULE.max} characters); the author sees it.` })
    reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<Comment> {
    const why = optionalText('reason', reason, MODERATION_REASON_RULE) ?? null;
    const { row, notifications } = await removeComment(ctx.db, viewerId(ctx), id, why);
    announceNotifications(ctx.app.pubSub, notifications);
    if (row.removal) await announceRemoval(circleAnnouncing(ctx), row.removal, viewerId(ctx));
    return row.comment;
  }

  @Authorized(Role.USER)
  @Mutation(() => Post, { description: 'Reacts to a post in a circle you are a member of. Reacting again with the same kind changes nothing.' })
  async react(@Arg('postId', () => ID) postId: string, @Arg('kind', () => ReactionKind) kind: ReactionKind, @Ctx() ctx: Context): Promise<Post> {
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.reactionsPerUser, viewerId(ctx));
    const { row, notifications } = await react(ctx.db, viewerId(ctx), postId, kind);
    announceNotifications(ctx.app.pubSub, notifications);
    if (row.changed) ctx.app.reactionPulse.changed({ circleId: row.post.circleId, postId, postAuthorId: row.post.authorId, actorId: viewerId(ctx) });
    return row.post;
  }

  @Authorized(Role.USER)
  @Mutation(() => Post, { description: 'Takes your reaction of this kind back. Taking back one you did not give changes nothing.' })
  async unreact(@Arg('postId', () => ID) postId: string, @Arg('kind', () => ReactionKind) kind: ReactionKind, @Ctx() ctx: Context): Promise<Post> {
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.reactionsPerUser, viewerId(ctx));
    const row = await unreact(ctx.db, viewerId(ctx), postId, kind);
    if (row.changed) ctx.app.reactionPulse.changed({ circleId: row.post.circleId, postId, postAuthorId: row.post.authorId, actorId: viewerId(ctx) });
    return row.post;
  }

  @FieldResolver(() => Post, {
    nullable: true,
    description: 'The post it is on, so an answer that changes it (addComment, deleteComment) carries its new `commentCount`. Null where `post(id:)` would be.',
  })
  post(@Root() comment: Comment, @Ctx() ctx: Context): Promise<Post | null> {
    return ctx.loaders.posts.byId.load(comment.postId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Null once removed.' })
  async author(@Root() comment: Comment, @Ctx() ctx: Context): Promise<User | null> {
    return comment.removed ? null : ctx.loaders.users.byId.load(comment.authorId);
  }

  @MaxMentions()
  @FieldResolver(() => [User], { description: 'The people it mentions who can read the circle (other `@handle`s stay plain text).' })
  mentions(@Root() comment: Comment, @Ctx() ctx: Context): Promise<User[]> {
    return mentionedPeople(ctx, comment.mentionIds);
  }
}

/** The people mentioned, leaving out anyone gone or with a block between them and the viewer. */
export async function mentionedPeople(ctx: Context, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const hidden = await ctx.loaders.comments.hiddenIds();
  const people = await ctx.loaders.users.byId.loadMany(ids.filter((id) => !hidden.has(id)));
  return people.filter((person): person is User => person !== null && !(person instanceof Error));
}

@Resolver(() => Post)
export class PostCommentsResolver {
  @FieldResolver(() => CommentConnection, { description: 'Comments, oldest first, each top-level comment followed by its replies (`parentId` names their parent).' })
  async comments(@Root() post: Post, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_THREAD);
    const connection = toPageConnection(await ctx.loaders.comments.ofPost.load({ id: post.id, page }), page, commentCursor);
    return { ...connection, totalCount: () => this.commentCount(post, ctx) };
  }

  @MaxMentions()
  @FieldResolver(() => [User], { description: 'The people it mentions who can read the circle (other `@handle`s stay plain text).' })
  mentions(@Root() post: Post, @Ctx() ctx: Context): Promise<User[]> {
    return mentionedPeople(ctx, post.mentionIds);
  }

  @FieldResolver(() => Int, { description: 'Comments not removed, as you see them: those hidden from you by a block are not counted.' })
  async commentCount(@Root() post: Post, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.comments.tally.load(post.id))?.commentCount ?? 0;
  }

  @MaxItems(REACTION_KINDS.length)
  @FieldResolver(() => [PostReaction], { description: 'Each kind of reaction the post has (or you gave), with its count as you see it.' })
  async reactions(@Root() post: Post, @Ctx() ctx: Context): Promise<PostReaction[]> {
    const tally = await ctx.loaders.comments.tally.load(post.id);
    return tally ? visibleReactions(tally.kept, tally.hiddenKinds, tally.viewerKinds) : [];
  }
}
