import { Field, ID, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { Post } from '../posts/post.type.js';

/** Something that happened in a circle, as live subscribers receive it. */
@InterfaceType({
  description: 'Something that happened in a circle. Ask for `__typename` to tell the kinds apart.',
  resolveType: (value: CircleActivity) => value.typename,
})
export abstract class CircleActivity {
  @Field(() => Date)
  at!: Date;

  // `circle` and `actor` are resolved by CircleActivityFieldsResolver from these ids.
  circleId!: string;
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
