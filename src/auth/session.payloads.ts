/** What the `…WithPayload` twins of endSession and changePassword answer (README, "Mutation answers"). */
import { Field, ID, ObjectType } from 'type-graphql';
import { SESSIONS_PER_USER_CEILING } from '../config.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { User } from '../users/user.type.js';

@ObjectType({ simpleResolvers: true, description: 'What ending one of your sessions changed.' })
export class EndSessionPayload {
  @Field(() => ID, { description: 'The session ended, to evict from your cached `me.sessions`.' })
  endedSessionId!: string;
}

@ObjectType({ simpleResolvers: true, description: 'What changing your password changed.' })
export class ChangePasswordPayload {
  @MaxItems(SESSIONS_PER_USER_CEILING)
  @Field(() => [ID], { description: 'Your other sessions, all ended: evict them from your cached `me.sessions`.' })
  endedSessionIds!: string[];

  @Field(() => User, { description: 'You: select `sessions` to have the one left.' })
  me!: User;
}
