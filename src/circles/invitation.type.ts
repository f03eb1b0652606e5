import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../graphql/pagination.js';
import { User } from '../users/user.type.js';
import { Circle } from './circle.type.js';

@ObjectType({ simpleResolvers: true, description: "A circle's owners or moderators asked someone to join it; pending until they accept or decline." })
export class CircleInvitation {
  @Field(() => ID, { description: 'What withdrawCircleInvitation takes.' })
  id!: string;

  @Field(() => Circle)
  circle!: Circle;

  @Field(() => User, { description: 'Who was invited.' })
  invitee!: User;

  @Field(() => User, {
    nullable: true,
    description: "The owner or moderator who sent it; null once their account is deleted (the invitation stands: it was the circle's, not theirs).",
  })
  invitedBy!: User | null;

  @Field(() => Date)
  createdAt!: Date;
}

export const CircleInvitationConnection = ConnectionType('CircleInvitation', CircleInvitation);

/** A circle's pending invitations (Circle.invitations), with their count. */
export const CirclePendingInvitationConnection = ConnectionType(
  'CirclePendingInvitation',
  CircleInvitation,
  "All the circle's pending invitations you may see: the number the graph keeps of them, less those a block between invitee and inviter voids (a count the circle keeps), less those naming people on the other side of a block from you, found from those people alone; none is read to count them.",
);
