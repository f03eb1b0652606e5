import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Sesame-style bands over the 350–950 range. */
export enum CreditBand {
  POOR = 'POOR',
  FAIR = 'FAIR',
  GOOD = 'GOOD',
  VERY_GOOD = 'VERY_GOOD',
  EXCELLENT = 'EXCELLENT',
}

registerEnumType(CreditBand, {
  name: 'CreditBand',
  description: 'Credit score bands: POOR 350–549, FAIR 550–599, GOOD 600–649, VERY_GOOD 650–699, EXCELLENT 700–950.',
});

/** Who may see a person's credit score. */
export enum ScoreVisibility {
  PUBLIC = 'PUBLIC',
  BAND_ONLY = 'BAND_ONLY',
  CONNECTIONS_ONLY = 'CONNECTIONS_ONLY',
  PRIVATE = 'PRIVATE',
}

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

export const MIN_SCORE = 350;
export const MAX_SCORE = 950;

/** Lowest score of each band, best band first. */
export const BAND_FLOORS: ReadonlyArray<[CreditBand, number]> = [
  [CreditBand.EXCELLENT, 700],
  [CreditBand.VERY_GOOD, 650],
  [CreditBand.GOOD, 600],
  [CreditBand.FAIR, 550],
  [CreditBand.POOR, MIN_SCORE],
];

export function bandOf(score: number): CreditBand {
  return BAND_FLOORS.find(([, floor]) => score >= floor)![0];
}

/** 4 for EXCELLENT down to 0 for POOR: the order bands rank in. */
export function bandRank(band: CreditBand): number {
  return BAND_FLOORS.length - 1 - BAND_FLOORS.findIndex(([b]) => b === band);
}

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
