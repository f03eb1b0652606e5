/**
 * Credit in Cypher: the disclosure policy's stranger rule (src/privacy/credit-visibility.ts),
 * built from the same constants so the two cannot disagree. Never built from input.
 */
import { BAND_FLOORS, bandRank, DEFAULT_SCORE_VISIBILITY, NO_VISIBLE_BAND } from '../privacy/credit-bands.js';
import { BAND_SHOWN_TO_STRANGERS } from '../privacy/credit-visibility.js';

const cypherList = (values: readonly string[]) => `[${values.map((value) => `'${value}'`).join(', ')}]`;

/**
 * The band `person` shows strangers, as a rank (4 EXCELLENT … 0 POOR), or -1 when the
 * score is hidden from strangers or missing: `strangerBandRank`, in Cypher.
 * Expects bound: `person`, a User.
 */
export const strangerBandOf = (person: string) => `CASE
  WHEN ${person}.creditScore IS NULL OR NOT coalesce(${person}.scoreVisibility, '${DEFAULT_SCORE_VISIBILITY}') IN ${cypherList(BAND_SHOWN_TO_STRANGERS)} THEN ${NO_VISIBLE_BAND}
  ${BAND_FLOORS.map(([band, floor]) => `WHEN ${person}.creditScore >= ${floor} THEN ${bandRank(band)}`).join(' ')}
END`;

/**
 * Clauses to run once `person`'s score or visibility has changed: keeps the band it shows
 * strangers on the person and on their INTERESTED_IN relationships, where recommendations
 * rank by it through an index (see recommendations.repository.ts).
 * Expects bound: `person`, a User. Leaves only `person` bound.
 */
export const storeStrangerBandOf = (person: string) => `
  SET ${person}.visibleBand = ${strangerBandOf(person)}
  WITH ${person}
  CALL (${person}) { MATCH (${person})-[interest:INTERESTED_IN]->() SET interest.band = ${person}.visibleBand }`;
