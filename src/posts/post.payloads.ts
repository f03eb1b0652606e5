/** What deletePostWithPayload answers (README, "Mutation answers"). */
import { Field, ID, ObjectType } from 'type-graphql';
import { Circle } from '../circles/circle.type.js';

@ObjectType({ simpleResolvers: true, description: 'What deleting a post changed.' })
export class DeletePostPayload {
  @Field(() => ID, { description: 'The post deleted: evict it from your cache (it leaves every list it was in).' })
  deletedPostId!: string;

  @Field(() => Circle, { description: 'The circle it was in.' })
  circle!: Circle;
}
