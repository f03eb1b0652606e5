/** Credit scores as the contract states them. */
import type { CreditBand } from '../generated/graphql.js';

/** The bands as PRODUCT.md states them (inclusive ranges), worst first: the index is the rank. */
export const CREDIT_BANDS: Array<[CreditBand, number, number]> = [
  ['POOR', 350, 549],
  ['FAIR', 550, 599],
  ['GOOD', 600, 649],
  ['VERY_GOOD', 650, 699],
  ['EXCELLENT', 700, 950],
];

export const bandFor = (score: number): CreditBand => CREDIT_BANDS.find(([, lo, hi]) => score >= lo && score <= hi)![0];
