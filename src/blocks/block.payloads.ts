/** What the `…WithPayload` twins of blockUser and unblockUser answer (README, "Mutation answers"). */
import { Field, ID, ObjectType } from 'type-graphql';
import { MaxItems } from '../graphql/list-bounds.js';
import { User } from '../users/user.type.js';

@ObjectType({ simpleResolvers: true, description: 'What blocking someone changed.' })
export class BlockUserPayload {
  @Field(() => User, { description: 'The person, with `connectionStatus: BLOCKED`. Take them out of your cached `connections` list.' })
  user!: User;

  // One request each way.
  @MaxItems(2)
  @Field(() => [ID], {
    description: 'The ids a connection request between you has (both ways), to evict: a block ends any pending one. Evicting an id your cache does not hold is harmless.',
  })
  endedConnectionRequestIds!: string[];
}

@ObjectType({ simpleResolvers: true, description: 'What lifting a block changed.' })
export class UnblockUserPayload {
  @Field(() => Boolean, { description: 'What `unblockUser` answers: false when you had not blocked them.' })
  unblocked!: boolean;

  @Field(() => User, { description: 'The person, with their `connectionStatus` as it is now.' })
  user!: User;
}
