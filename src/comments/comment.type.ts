import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { MAX_MENTIONS } from '../graph/mentions.js';

export enum CommentRemoval {
  AUTHOR = 'AUTHOR',
  MODERATOR = 'MODERATOR',
  ACCOUNT_DELETED = 'ACCOUNT_DELETED',
}

registerEnumType(CommentRemoval, {
  name: 'CommentRemoval',
  description: 'Who took a comment down.',
  valuesConfig: {
    AUTHOR: { description: 'Its author deleted it.' },
    MODERATOR: { description: "The circle's owners or moderators removed it." },
    ACCOUNT_DELETED: { description: 'Its author deleted their account.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'What a member wrote under a post, or in reply to a top-level comment. A removed comment stays in its thread, without body or author.',
})
export class Comment {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  postId!: string;

  @Field(() => ID, { nullable: true, description: 'The top-level comment this one replies to; null for a top-level comment.' })
  parentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Null once removed.' })
  body!: string | null;

  @Field(() => Boolean)
  removed!: boolean;

  @Field(() => CommentRemoval, { nullable: true, description: 'Who removed it; null while it stands.' })
  removedBy!: CommentRemoval | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the author last changed it; null if never.' })
  editedAt!: Date | null;

  @Field(() => Int, { description: "Its place in the post: the number of its thread's top-level comment." })
  thread!: number;

  // Resolved by CommentFieldsResolver: `author` (null once removed) and `mentions`.
  authorId!: string;
  threadAuthorId!: string;
  circleId!: string;
  reply!: number;
  mentionIds!: string[];
}

export const CommentConnection = ConnectionType(
  'Comment',
  Comment,
  "All the post's comments you may see (the post's `commentCount`): the count the post keeps, less what a block hides from you, read from the hidden people alone; never counted item by item.",
);

/** Declared on the `mentions` fields of posts and comments: a text names at most MAX_MENTIONS people. */
export const MaxMentions = () => MaxItems(MAX_MENTIONS);
