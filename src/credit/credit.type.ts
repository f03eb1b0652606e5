import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CreditBand, ScoreVisibility } from '../privacy/credit-bands.js';

// The enums are plain values in the privacy policy; here they become GraphQL enums.

registerEnumType(CreditBand, {
  name: 'CreditBand',
  description: 'Credit score bands: POOR 350–549, FAIR 550–599, GOOD 600–649, VERY_GOOD 650–699, EXCELLENT 700–950.',
});

registerEnumType(ScoreVisibility, {
  name: 'ScoreVisibility',
  description: 'Who sees your credit score. People with a block between them never see each other\'s.',
  valuesConfig: {
    PUBLIC: { description: 'Every signed-in person sees the exact score.' },
    BAND_ONLY: { description: 'Strangers see the band, not the number; your connections see the number (the default).' },
    CONNECTIONS_ONLY: { description: 'Your connections see the exact score; nobody else sees anything.' },
    PRIVATE: { description: 'Nobody but you (and the credit bureau, which reported it).' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One credit score observation, as the bureau reported it.' })
export class CreditScoreRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  score!: number;

  @Field(() => CreditBand)
  band!: CreditBand;

  @Field(() => String, { description: 'Who reported it (the bureau and its product).' })
  source!: string;

  @Field(() => Date, { description: 'When the bureau observed this score. The latest observation is the current score.' })
  observedAt!: Date;

  @Field(() => Date, { description: 'When Quanzi first received it.' })
  recordedAt!: Date;
}
