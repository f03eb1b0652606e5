/**
 * How stranger recommendations are filtered and weighed. The ranking itself runs in Cypher
 * (recommendations.repository.ts), which receives these weights as parameters; order:
 * the band a person shows strangers (best first, hidden last), then relevance, then id.
 *
 * Shape: pure functions. `recommendationFilter` validates as the shared checks do (the
 * filter, or BAD_USER_INPUT thrown); `relevanceOf` is the sum the Cypher computes.
 */
import { bandRank, NO_VISIBLE_BAND, type CreditBand } from '../privacy/credit-bands.js';
import { slug } from '../shared/validate.js';

export interface RecommendationFilter {
  interest: string | null;
  /** Lowest visible band rank (0–4) to include; -1 includes people whose score is hidden. */
  minBandRank: number;
}

/**
 * The most shared circles an icebreaker lists (in name order): two people may share any
 * number of circles, and an unpaged list needs a bound. Relevance counts them all.
 */
export const MAX_SHARED_CIRCLES = 20;

/** Relevance within a band: shared interests count once, shared circles twice, mutual trust three times. */
export const RELEVANCE_WEIGHTS = { interest: 1, circle: 2, mutualTrust: 3 } as const;

/** What a candidate shares with the viewer, counted. */
export interface SharedCounts {
  interests: number;
  circles: number;
  /** People the viewer trusts who trust the candidate. */
  mutualTrust: number;
}

export function relevanceOf(shared: SharedCounts): number {
  return shared.interests * RELEVANCE_WEIGHTS.interest + shared.circles * RELEVANCE_WEIGHTS.circle + shared.mutualTrust * RELEVANCE_WEIGHTS.mutualTrust;
}

/**
 * The query's arguments as the repository's filter. No `minCreditBand` includes people
 * whose band strangers cannot see (rank -1); any band leaves them out, as the schema says.
 */
export function recommendationFilter(args: { interest?: string | null; minCreditBand?: CreditBand | null }): RecommendationFilter {
  return {
    interest: args.interest ? slug('interest', args.interest) : null,
    minBandRank: args.minCreditBand ? bandRank(args.minCreditBand) : NO_VISIBLE_BAND,
  };
}
