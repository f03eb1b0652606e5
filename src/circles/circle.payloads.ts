/**
 * What the `…WithPayload` twins of the circle mutations that answer a Boolean return (README,
 * "Mutation answers"): the flag, the circle as it now is, and the id a client evicts.
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Circle } from './circle.type.js';

const CIRCLE_NOW = 'The circle as it is now: `memberCount` and `viewerRole` already changed.';
const EVICT_MEMBER = 'The id the person had as a CircleMember in `circle.members`, to evict from your cache; null when nothing changed.';

@ObjectType({ simpleResolvers: true, description: 'What leaving a circle changed.' })
export class LeaveCirclePayload {
  @Field(() => Boolean, { description: 'What `leaveCircle` answers: false when you were not in it.' })
  left!: boolean;

  @Field(() => Circle, { description: CIRCLE_NOW })
  circle!: Circle;

  @Field(() => ID, { nullable: true, description: EVICT_MEMBER })
  removedMemberId!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'What banning someone from a circle changed.' })
export class BanMemberPayload {
  @Field(() => Circle, { description: CIRCLE_NOW })
  circle!: Circle;

  @Field(() => ID, { nullable: true, description: EVICT_MEMBER })
  removedMemberId!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'What lifting a ban changed.' })
export class UnbanMemberPayload {
  @Field(() => Boolean, { description: 'What `unbanMember` answers: false when there was no ban.' })
  unbanned!: boolean;

  @Field(() => Circle)
  circle!: Circle;
}
