import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { Circle } from '../circles/circle.type.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { typedId } from '../graphql/node.js';
import { ConnectionType, TwoWayPageArgs } from '../graphql/pagination.js';
import { Interest } from '../interests/interest.type.js';
import { MAX_INTERESTS } from '../interests/interests.rules.js';
import { CreditBand } from '../privacy/credit-bands.js';
import { User } from '../users/user.type.js';
import { MAX_SHARED_CIRCLES } from './recommendations.rules.js';

@ObjectType({ simpleResolvers: true, description: 'What you share with another person: the signals strangers meet by.' })
export class Icebreaker {
  // Bounded by your own interests, which setInterests caps.
  @Field(() => [Interest], { description: `Interests you both follow, in name order (at most ${MAX_INTERESTS}, as many as anyone may follow).` })
  @MaxItems(MAX_INTERESTS)
  sharedInterests!: Interest[];

  @Field(() => [Circle], {
    description: `Circles you are both in, in name order: at most ${MAX_SHARED_CIRCLES}. The person's \`circles(first, after)\` pages through every circle of theirs you may see.`,
  })
  @MaxItems(MAX_SHARED_CIRCLES)
  sharedCircles!: Circle[];

  @Field(() => Int, { description: 'How many people you trust who trust them.' })
  mutualTrustCount!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A stranger worth meeting, and why.' })
export class Recommendation extends Icebreaker {
  @Field(() => ID, { description: 'Your recommendation of this person: the same on every page that lists them (a client caches by it).' })
  id!: string;

  @Field(() => User)
  user!: User;
}

/** `Recommendation:<userId>`: the viewer's recommendation of one person (see src/graphql/node.ts). */
export const recommendationId = (recommendation: Pick<Recommendation, 'user'>) => typedId('Recommendation', recommendation.user.id);

export const RecommendationConnection = ConnectionType('Recommendation', Recommendation);

@ArgsType()
export class RecommendationArgs extends TwoWayPageArgs {
  @Field(() => String, { nullable: true, description: 'Only people who follow this interest (slug).' })
  interest?: string | null;

  @Field(() => CreditBand, {
    nullable: true,
    description: 'Only people who show a band at least this good (people whose score is hidden are left out).',
  })
  minCreditBand?: CreditBand | null;
}
