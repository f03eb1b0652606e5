import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import { notFound } from '../errors.js';
import { REACTION_KINDS } from '../graph/reactions.js';
import type { Context } from '../graphql/context.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { liveSubscription, loadersForEvent } from '../graphql/live.js';
import type { CircleEvent, CircleEventKind, PostSnapshot } from '../live/events.js';
import { fromCommentSnapshot } from '../comments/comment.snapshot.js';
import { PostReaction } from '../comments/reaction.type.js';
import { visibleReactions } from '../comments/reactions.rules.js';
import { fromSnapshot } from '../posts/post.snapshot.js';
import { Post } from '../posts/post.type.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import { circleActivityCursor, circleActivityStream } from './activity.stream.js';
import {
  CircleActivity,
  CommentAddedActivity,
  CommentEditedActivity,
  CommentRemovedActivity,
  MemberActivity,
  MembershipChange,
  PostAddedActivity,
  PostDeletedActivity,
  PostEditedActivity,
  ReactionsChangedActivity,
} from './activity.type.js';
import { Circle } from './circle.type.js';

const POSTS_ADDED: ReadonlySet<CircleEventKind> = new Set(['POST_ADDED']);
const EVERYTHING: ReadonlySet<CircleEventKind> = new Set([
  'POST_ADDED',
  'POST_EDITED',
  'POST_DELETED',
  'MEMBER_JOINED',
  'MEMBER_LEFT',
  'MEMBER_BANNED',
  'COMMENT_ADDED',
  'COMMENT_EDITED',
  'COMMENT_REMOVED',
  'REACTIONS_CHANGED',
]);

const COMMENT_ACTIVITY = { COMMENT_ADDED: CommentAddedActivity, COMMENT_EDITED: CommentEditedActivity, COMMENT_REMOVED: CommentRemovedActivity } as const;

const MEMBERSHIP: Record<string, MembershipChange> = {
  MEMBER_JOINED: MembershipChange.JOINED,
  MEMBER_LEFT: MembershipChange.LEFT,
  MEMBER_BANNED: MembershipChange.BANNED,
};

function toActivity(event: CircleEvent): CircleActivity {
  const base = { at: new Date(event.at), circleId: event.circleId, actorId: event.actorId, entryId: event.entryId };
  switch (event.kind) {
    case 'POST_ADDED':
      return Object.assign(new PostAddedActivity(), base, { typename: 'PostAddedActivity', post: fromSnapshot(event.post) });
    case 'POST_EDITED':
      return Object.assign(new PostEditedActivity(), base, { typename: 'PostEditedActivity', post: fromSnapshot(event.post) });
    case 'POST_DELETED':
      return Object.assign(new PostDeletedActivity(), base, { typename: 'PostDeletedActivity', postId: event.postId });
    case 'COMMENT_ADDED':
    case 'COMMENT_EDITED':
    case 'COMMENT_REMOVED': {
      const type = COMMENT_ACTIVITY[event.kind];
      return Object.assign(new type(), base, { typename: type.name, comment: fromCommentSnapshot(event.comment) });
    }
    case 'REACTIONS_CHANGED':
      return Object.assign(new ReactionsChangedActivity(), base, { typename: 'ReactionsChangedActivity', postId: event.postId, reactorIds: event.actorIds });
    default:
      return Object.assign(new MemberActivity(), base, { typename: 'MemberActivity', change: MEMBERSHIP[event.kind]!, memberId: event.userId });
  }
}

@Resolver()
export class CircleActivityResolver {
  @Subscription(() => Post, {
    description: 'New posts in a circle, live. Members-only circles: members only. Ends when you leave or are banned.',
    subscribe: liveSubscription((ctx, args: { circleSlug: string }) => circleActivityStream(ctx, args.circleSlug, POSTS_ADDED)),
  })
  postAdded(@Root() event: CircleEvent, @Arg('circleSlug', () => String) _circleSlug: string, @Ctx() ctx: Context): Post {
    loadersForEvent(ctx, event);
    // The stream passes POST_ADDED events only.
    return fromSnapshot((event as CircleEvent & { post: PostSnapshot }).post);
  }

  @Subscription(() => CircleActivity, {
    description: 'Everything that happens in a circle, live: posts added, edited, deleted; comments added, edited, removed; reactions changed (at most once a second per post); members joined, left, banned.',
    subscribe: liveSubscription((ctx, args: { circleSlug: string; after?: string | null }) => circleActivityStream(ctx, args.circleSlug, EVERYTHING, args.after)),
  })
  circleActivity(
    @Root() event: CircleEvent,
    @Arg('circleSlug', () => String) _circleSlug: string,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume: the `cursor` of the last activity you received in this circle. What happened since comes first, in order, then live activity, with none twice.',
    })
    _after: string | null,
    @Ctx() ctx: Context,
  ): CircleActivity {
    loadersForEvent(ctx, event);
    return toActivity(event);
  }
}

@Resolver(() => CircleActivity)
export class CircleActivityFieldsResolver {
  @FieldResolver(() => Circle)
  async circle(@Root() activity: CircleActivity, @Ctx() ctx: Context): Promise<Circle> {
    const circle = await ctx.loaders.circles.byId.load(activity.circleId);
    if (!circle) throw notFound('That circle no longer exists.');
    return circle;
  }

  @FieldResolver(() => String, { description: 'Where `circleActivity(after:)` resumes after this activity (its place in the circle\'s log).' })
  cursor(@Root() activity: CircleActivity): string {
    return circleActivityCursor(activity);
  }

  @FieldResolver(() => User, { description: 'Who did it.' })
  async actor(@Root() activity: CircleActivity, @Ctx() ctx: Context): Promise<User> {
    if (!(activity instanceof ReactionsChangedActivity)) return personById(ctx, activity.actorId);
    // The hub sent this update because someone not hidden from the viewer took part: name the latest of them.
    const hidden = await ctx.loaders.comments.hiddenIds();
    return personById(ctx, activity.reactorIds.findLast((id) => !hidden.has(id)) ?? activity.actorId);
  }
}

@Resolver(() => ReactionsChangedActivity)
export class ReactionsChangedFieldsResolver {
  @MaxItems(REACTION_KINDS.length)
  @FieldResolver(() => [PostReaction], { description: "The post's reactions now, as you see them." })
  async reactions(@Root() activity: ReactionsChangedActivity, @Ctx() ctx: Context): Promise<PostReaction[]> {
    const tally = await ctx.loaders.comments.tally.load(activity.postId);
    return tally ? visibleReactions(tally.kept, tally.hiddenKinds, tally.viewerKinds) : [];
  }
}

@Resolver(() => MemberActivity)
export class MemberActivityFieldsResolver {
  @FieldResolver(() => User, { description: 'Whose membership changed.' })
  member(@Root() activity: MemberActivity, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, activity.memberId);
  }
}
