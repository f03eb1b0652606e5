import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../graphql/pagination.js';
import { Node } from '../graphql/node.js';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'Something a member wrote in a circle.' })
export class Post {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the author last changed it; null if never.' })
  editedAt!: Date | null;

  // Resolved through loaders by Post.author and Post.circle; Post.mentions from mentionIds.
  authorId!: string;
  circleId!: string;
  mentionIds!: string[];
}

export const PostConnection = ConnectionType('Post', Post);

/** A circle's posts: a list of its own type, as only it has a count kept for it (the feed and search have none). */
export const CirclePostConnection = ConnectionType(
  'CirclePost',
  Post,
  "All the circle's posts you may see: the number the graph keeps of them, less those by people on the other side of a block, found from those people alone (what they wrote here); none is read to count them.",
);
