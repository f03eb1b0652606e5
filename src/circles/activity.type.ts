import { Field, ID, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { Comment } from '../comments/comment.type.js';
import { Post } from '../posts/post.type.js';

/** Something that happened in a circle, as live subscribers receive it. */
@InterfaceType({
  description: 'Something that happened in a circle. Ask for `__typename` to tell the kinds apart.',
  resolveType: (value: CircleActivity) => value.typename,
})
export abstract class CircleActivity {
  @Field(() => Date)
  at!: Date;

  // `circle`, `actor` and `cursor` are resolved by CircleActivityFieldsResolver from these.
  circleId!: string;
  entryId!: string;
  actorId!: string;
  typename!: string;
}

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'A member posted.' })
export class PostAddedActivity extends CircleActivity {
  @Field(() => Post)
  post!: Post;
}

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'An author changed their post.' })
export class PostEditedActivity extends CircleActivity {
  @Field(() => Post)
  post!: Post;
}

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'A post was deleted, by its author or a moderator (the actor).' })
export class PostDeletedActivity extends CircleActivity {
  @Field(() => ID)
  postId!: string;
}

export enum MembershipChange {
  JOINED = 'JOINED',
  LEFT = 'LEFT',
  BANNED = 'BANNED',
}

registerEnumType(MembershipChange, { name: 'MembershipChange', description: 'How a membership changed. For BANNED the actor is the moderator.' });

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'Someone joined, left, or was banned.' })
export class MemberActivity extends CircleActivity {
  @Field(() => MembershipChange)
  change!: MembershipChange;

  // `member` is resolved from this id.
  memberId!: string;
}

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'A member commented on a post, or replied to a comment.' })
export class CommentAddedActivity extends CircleActivity {
  @Field(() => Comment)
  comment!: Comment;
}

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'An author changed their comment.' })
export class CommentEditedActivity extends CircleActivity {
  @Field(() => Comment)
  comment!: Comment;
}

@ObjectType({ simpleResolvers: true, implements: CircleActivity, description: 'A comment was removed, by its author or a moderator (the actor); `comment` shows it as removed.' })
export class CommentRemovedActivity extends CircleActivity {
  @Field(() => Comment)
  comment!: Comment;
}

@ObjectType({
  simpleResolvers: true,
  implements: CircleActivity,
  description: 'Reactions to a post changed: at most one such update a second per post. `actor` is the latest person you can see who reacted; read `reactions` for the counts as you see them.',
})
export class ReactionsChangedActivity extends CircleActivity {
  @Field(() => ID)
  postId!: string;

  // Who took part since the last update; `actor` names the latest the viewer may see.
  reactorIds!: string[];
}
