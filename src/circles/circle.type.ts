import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../graphql/pagination.js';
import { User } from '../users/user.type.js';
import { Node, typedId } from '../graphql/node.js';

export enum CircleRole {
  OWNER = 'OWNER',
  MODERATOR = 'MODERATOR',
  MEMBER = 'MEMBER',
}

export enum JoinPolicy {
  OPEN = 'OPEN',
  INVITE_ONLY = 'INVITE_ONLY',
}

registerEnumType(JoinPolicy, {
  name: 'JoinPolicy',
  description: 'Who may join a circle (its gates apply either way).',
  valuesConfig: {
    OPEN: { description: 'Anyone who meets the gates.' },
    INVITE_ONLY: { description: 'Only people its owners or moderators invited (inviteToCircle), who accept (respondToCircleInvitation).' },
  },
});

registerEnumType(CircleRole, {
  name: 'CircleRole',
  description: 'What a member may do: owners run the circle, moderators police it, members take part.',
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An interest community. Joining may require a credit score or a verified real name.' })
export class Circle {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable identifier in URLs, e.g. "hangzhou-tea-culture".' })
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { nullable: true, description: 'Members need at least this credit score (350–950); null for none.' })
  minCreditScore!: number | null;

  @Field(() => Boolean, { description: 'Members need a verified real name.' })
  requiresVerified!: boolean;

  @Field(() => Boolean, { description: 'Only members may read its posts, list its members and watch it live.' })
  membersOnly!: boolean;

  @Field(() => JoinPolicy)
  joinPolicy!: JoinPolicy;

  @Field(() => Date)
  createdAt!: Date;
}

export const CircleConnection = ConnectionType('Circle', Circle);

@ObjectType({ simpleResolvers: true, description: 'A person in a circle, with their role.' })
export class CircleMember {
  // `id` is resolved from the circle's id and the person's (circleMemberId).
  circleId!: string;

  @Field(() => User)
  user!: User;

  @Field(() => CircleRole)
  role!: CircleRole;

  @Field(() => Date)
  joinedAt!: Date;
}

/** `CircleMember:<circleId>:<userId>`: a person is in a circle once (see src/graphql/node.ts). */
export const circleMemberId = (member: { circleId: string; user: { id: string } }) => typedId('CircleMember', member.circleId, member.user.id);

export const CircleMemberConnection = ConnectionType(
  'CircleMember',
  CircleMember,
  'All the members you may see, as `memberCount` (kept by the graph: no member is read to count them).',
);
