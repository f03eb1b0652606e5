/**
 * Credit scores, bands and visibility choices as plain values: the vocabulary the
 * disclosure policy, the graph fragments and the GraphQL enums (credit/credit.type.ts
 * registers these) all share.
 */

/** Sesame-style bands over the 350–950 range. */
export enum CreditBand {
  POOR = 'POOR',
  FAIR = 'FAIR',
  GOOD = 'GOOD',
  VERY_GOOD = 'VERY_GOOD',
  EXCELLENT = 'EXCELLENT',
}

/** Who may see a person's credit score. */
export enum ScoreVisibility {
  PUBLIC = 'PUBLIC',
  BAND_ONLY = 'BAND_ONLY',
  CONNECTIONS_ONLY = 'CONNECTIONS_ONLY',
  PRIVATE = 'PRIVATE',
}

/** What a person shows until they choose otherwise. */
export const DEFAULT_SCORE_VISIBILITY = ScoreVisibility.BAND_ONLY;

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

/** The rank stored for a person whose band strangers may not see (or who has no score). */
export const NO_VISIBLE_BAND = -1;
