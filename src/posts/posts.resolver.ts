import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { requireReadAccess } from '../circles/circle-access.js';
import { Circle } from '../circles/circle.type.js';
import { MODERATION_REASON_RULE } from '../circles/moderation.rules.js';
import { notFound } from '../errors.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { circleAnnouncing } from '../graphql/live.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { viewerId } from '../graphql/viewer.js';
import { announceCircleEvent, announceNotifications } from '../live/publish.js';
import { announceRemoval } from '../live/removals.js';
import { optionalText, slug } from '../shared/validate.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import { DeletePostPayload } from './post.payloads.js';
import { toSnapshot } from './post.snapshot.js';
import { CirclePostConnection, Post, PostConnection } from './post.type.js';
import { checkBody, checkIdempotencyKey, CreatePostInput, EditPostInput } from './posts.inputs.js';
import { primeFromPosts } from './posts.loaders.js';
import { createPost, deletePost, editPost, feed, postCursor } from './posts.repository.js';

const DELETE_REASON = `Moderators only, removing someone else's post: why (up to ${MODERATION_REASON_RULE.max} characters); the author sees it.`;

/** Deleting, for deletePost and its twin; returns the post's id and its circle's. */
async function remove(ctx: Context, id: string, reason: string | null): Promise<{ id: string; circleId: string }> {
  const why = optionalText('reason', reason, MODERATION_REASON_RULE) ?? null;
  const { row: removal, notifications } = await deletePost(ctx.db, viewerId(ctx), id, why);
  announceNotifications(ctx.app.pubSub, notifications);
  await announceRemoval(circleAnnouncing(ctx), removal, viewerId(ctx));
  return { id: removal.postId, circleId: removal.circleId };
}

async function circleOf(ctx: Context, circleId: string): Promise<Circle> {
  const circle = await ctx.loaders.circles.byId.load(circleId);
  if (!circle) throw notFound('The circle of this post no longer exists.');
  return circle;
}

@Resolver(() => Post)
export class PostsResolver {
  @Authorized(Role.USER)
  @Query(() => PostConnection, { description: "The newest posts from your circles, leaving out people you blocked or who blocked you." })
  async feed(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    const rows = await feed(ctx.db, viewerId(ctx), page);
    primeFromPosts(ctx.loaders, rows.map((row) => row.node));
    return toPageConnection(rows, page, postCursor);
  }

  @Authorized()
  @Query(() => Post, {
    nullable: true,
    description:
      'A post by id (deep links), or null: for an id nobody has, and for a post you may not read (in a members-only circle you are not in, or by someone with a block between you), alike.',
  })
  post(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Post | null> {
    return ctx.loaders.posts.byId.load(id);
  }

  @Authorized(Role.USER)
  @Mutation(() => Post, { description: 'Posts in a circle you are a member of.' })
  async createPost(@Arg('input', () => CreatePostInput) input: CreatePostInput, @Ctx() ctx: Context): Promise<Post> {
    const { body, mentioned } = checkBody(input.body);
    const idempotencyKey = checkIdempotencyKey(input.idempotencyKey);
    const circleSlug = slug('circleSlug', input.circleSlug);
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.postsPerUser, viewerId(ctx));
    const { post, circle, created, notifications } = await createPost(ctx.db, { authorId: viewerId(ctx), circleSlug, body, mentioned, idempotencyKey });
    announceNotifications(ctx.app.pubSub, notifications);
    ctx.loaders.circles.byId.prime(circle.id, circle);
    if (created) await announceCircleEvent(circleAnnouncing(ctx), { kind: 'POST_ADDED', circleId: circle.id, at: new Date().toISOString(), actorId: post.authorId, post: toSnapshot(post) });
    return post;
  }

  @Authorized(Role.USER)
  @Mutation(() => Post, { description: 'Changes the body of your own post; sets editedAt. Edits are rate-limited per person (RATE_LIMITED).' })
  async editPost(@Arg('input', () => EditPostInput) input: EditPostInput, @Ctx() ctx: Context): Promise<Post> {
    const { body, mentioned } = checkBody(input.body);
    // Every edit goes out live to the circle's watchers: a flood of them is a flood of events.
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.editsPerUser, viewerId(ctx));
    const { row: post, notifications } = await editPost(ctx.db, viewerId(ctx), input.id, body, mentioned);
    announceNotifications(ctx.app.pubSub, notifications);
    await announceCircleEvent(circleAnnouncing(ctx), { kind: 'POST_EDITED', circleId: post.circleId, at: new Date().toISOString(), actorId: post.authorId, post: toSnapshot(post) });
    return post;
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, {
    description: "Deletes a post: the author's own, or any post for the circle's owners and moderators, whose removal notifies the author (with `reason`, if given).",
  })
  async deletePost(@Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true, description: DELETE_REASON }) reason: string | null, @Ctx() ctx: Context): Promise<boolean> {
    await remove(ctx, id, reason);
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => DeletePostPayload, { description: 'deletePost, answering what a client cache needs: the id to evict and the circle it was in.' })
  async deletePostWithPayload(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: DELETE_REASON }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<DeletePostPayload> {
    const post = await remove(ctx, id, reason);
    return { deletedPostId: post.id, circle: await circleOf(ctx, post.circleId) };
  }

  @FieldResolver(() => User)
  author(@Root() post: Post, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, post.authorId);
  }

  @FieldResolver(() => Circle)
  circle(@Root() post: Post, @Ctx() ctx: Context): Promise<Circle> {
    return circleOf(ctx, post.circleId);
  }
}

@Resolver(() => Circle)
export class CirclePostsResolver {
  @FieldResolver(() => CirclePostConnection, { description: 'Posts, newest first. Members-only circles show them to members.' })
  async posts(@Root() circle: Circle, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    await requireReadAccess(ctx, circle, 'read its posts');
    const totalCount = async () => (await ctx.loaders.posts.countOfCircle.load(circle.id))?.count ?? 0;
    return { ...toPageConnection(await ctx.loaders.posts.ofCircle.load({ id: circle.id, page }), page, postCursor), totalCount };
  }
}
