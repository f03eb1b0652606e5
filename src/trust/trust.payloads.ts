/** What revokeTrustWithPayload answers (README, "Mutation answers"). */
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../users/user.type.js';

@ObjectType({ simpleResolvers: true, description: 'What withdrawing a vouch changed.' })
export class RevokeTrustPayload {
  @Field(() => Boolean, { description: 'What `revokeTrust` answers: false when you had no vouch for them.' })
  revoked!: boolean;

  @Field(() => ID, { nullable: true, description: 'The TrustEdge withdrawn, to evict from your cache; null when nothing changed.' })
  revokedTrustEdgeId!: string | null;

  @Field(() => User, { description: 'You, with your new `trustsGivenCount`.' })
  me!: User;

  @Field(() => User, { description: 'The person, with their new `trustsReceivedCount`.' })
  user!: User;
}
