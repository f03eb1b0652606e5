import { Field, ObjectType } from 'type-graphql';
import { typedId } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';
import { User } from '../users/user.type.js';
import { Circle } from './circle.type.js';

@ObjectType({ simpleResolvers: true, description: "A circle's owners or moderators asked someone to join it; pending until they accept or decline." })
export class CircleInvitation {
  @Field(() => Circle)
  circle!: Circle;

  @Field(() => User, { description: 'Who was invited.' })
  invitee!: User;

  @Field(() => User, { description: 'The owner or moderator who sent it.' })
  invitedBy!: User;

  @Field(() => Date)
  createdAt!: Date;
}

/** `CircleInvitation:<circleId>:<inviteeId>`: a person has at most one invitation to a circle (see src/graphql/node.ts). */
export const circleInvitationId = (invitation: Pick<CircleInvitation, 'circle' | 'invitee'>) => typedId('CircleInvitation', invitation.circle.id, invitation.invitee.id);

export const CircleInvitationConnection = ConnectionType('CircleInvitation', CircleInvitation);
