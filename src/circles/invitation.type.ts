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
