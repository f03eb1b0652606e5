import { Field, Int, ObjectType } from 'type-graphql';
import { Circle } from './circle.type.js';

@ObjectType({ simpleResolvers: true, description: 'What one of your memberships tells others about your credit score, with your consent.' })
export class CircleDisclosure {
  @Field(() => Circle)
  circle!: Circle;

  @Field(() => Int, { description: 'Being a member tells others your score is at least this.' })
  minCreditScore!: number;

  @Field(() => String, { description: 'Who can see the membership, and so learns it.' })
  audience!: string;

  @Field(() => Date, { description: 'When you consented: on joining or founding, or on resuming a membership paused for want of consent.' })
  acknowledgedAt!: Date;
}
