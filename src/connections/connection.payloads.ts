/** What the `…WithPayload` twins of connection mutations answer (README, "Mutation answers"). */
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../users/user.type.js';

const PERSON_NOW = 'The other person, with their `connectionStatus` as it is now.';

@ObjectType({ simpleResolvers: true, description: 'What taking back a connection request changed.' })
export class WithdrawConnectionRequestPayload {
  @Field(() => Boolean, { description: 'What `withdrawConnectionRequest` answers: false when there was no pending request.' })
  withdrawn!: boolean;

  @Field(() => ID, { nullable: true, description: 'The ConnectionRequest withdrawn, to evict from your cache; null when nothing changed.' })
  withdrawnRequestId!: string | null;

  @Field(() => User, { description: PERSON_NOW })
  user!: User;
}

@ObjectType({ simpleResolvers: true, description: 'What ending a connection changed.' })
export class DisconnectPayload {
  @Field(() => Boolean, { description: 'What `disconnect` answers: false when you were not connected.' })
  disconnected!: boolean;

  @Field(() => User, { description: PERSON_NOW + ' Take them out of your cached `connections` list.' })
  user!: User;
}
