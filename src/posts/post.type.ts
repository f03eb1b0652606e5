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
