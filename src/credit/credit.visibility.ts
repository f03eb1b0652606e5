/**
 * Who may see a person's credit score: the single place the rule lives. Every field and
 * list that shows credit goes through `visibleCredit` (rankings use the same rule in
 * Cypher: see recommendations.repository.ts).
 *
 * Each choice shows strangers and connections at least as much as the next one does:
 *   PUBLIC            everyone: the number
 *   BAND_ONLY         strangers: the band; connections: the number
 *   CONNECTIONS_ONLY  strangers: nothing;  connections: the number
 *   PRIVATE           nobody
 * The owner always sees their own; the credit bureau that reports scores may read them;
 * people with a block between them see nothing of each other.
 */
import { Role, type Principal } from '../auth/roles.js';
import type { Relation } from '../connections/connections.repository.js';
import { BAND_FLOORS, bandOf, bandRank, ScoreVisibility, type CreditBand } from './credit.type.js';

export interface VisibleCredit {
  score: number | null;
  band: CreditBand | null;
}

const HIDDEN: VisibleCredit = { score: null, band: null };

export interface CreditOwner {
  id: string;
  creditScore: number | null;
  scoreVisibility: ScoreVisibility;
}

/** Whether working out what `viewer` sees of `owner` needs their relation (a query). */
export function needsRelation(owner: CreditOwner, viewer: Principal | null): boolean {
  return owner.creditScore !== null && viewer?.kind === 'user' && viewer.id !== owner.id && owner.scoreVisibility !== ScoreVisibility.PRIVATE;
}

export function visibleCredit(owner: CreditOwner, viewer: Principal | null, relation: Relation | null): VisibleCredit {
  const score = owner.creditScore;
  if (score === null || !viewer) return HIDDEN;
  const full = { score, band: bandOf(score) };
  if (viewer.kind === 'user' && viewer.id === owner.id) return full;
  // The bureau wrote these numbers; it may read them back.
  if (viewer.roles.includes(Role.CREDIT_BUREAU)) return full;
  if (viewer.kind !== 'user' || !relation || relation.blocking || relation.blockedBy) return HIDDEN;
  switch (owner.scoreVisibility) {
    case ScoreVisibility.PUBLIC:
      return full;
    case ScoreVisibility.BAND_ONLY:
      return relation.connected ? full : { score: null, band: full.band };
    case ScoreVisibility.CONNECTIONS_ONLY:
      return relation.connected ? full : HIDDEN;
    default:
      return HIDDEN;
  }
}

const A_STRANGER: Principal = { kind: 'user', id: '', roles: [Role.USER] };
const NO_RELATION: Relation = { id: '', connected: false, blocking: false, blockedBy: false, requested: false, incoming: false };

/** The band a person shows strangers, as a rank (4 … 0), or -1: STRANGER_BAND_OF_U, in TypeScript. */
export function strangerBandRank(owner: Omit<CreditOwner, 'id'>): number {
  const { band } = visibleCredit({ ...owner, id: 'owner' }, A_STRANGER, NO_RELATION);
  return band === null ? -1 : bandRank(band);
}

/** Visibility choices that show a stranger the band. */
const BAND_SHOWN_TO_STRANGERS = [ScoreVisibility.PUBLIC, ScoreVisibility.BAND_ONLY];

/**
 * Cypher: the band person `u` shows strangers, as a rank (4 EXCELLENT … 0 POOR), or -1 when
 * the score is hidden from strangers or missing: `visibleCredit` for a stranger, in Cypher.
 * Built from the constants above, never from input.
 */
export const STRANGER_BAND_OF_U = `CASE
  WHEN u.creditScore IS NULL OR NOT coalesce(u.scoreVisibility, '${ScoreVisibility.BAND_ONLY}') IN ${JSON.stringify(BAND_SHOWN_TO_STRANGERS).replace(/"/g, "'")} THEN -1
  ${BAND_FLOORS.map(([band, floor]) => `WHEN u.creditScore >= ${floor} THEN ${bandRank(band)}`).join(' ')}
END`;

/**
 * Cypher clause, once `u` is bound and its score or visibility has changed: keeps the
 * band it shows strangers on `u` and on its INTERESTED_IN relationships, where
 * recommendations rank by it through an index (see recommendations.repository.ts).
 */
export const STORE_STRANGER_BAND_OF_U = `
  SET u.visibleBand = ${STRANGER_BAND_OF_U}
  WITH u
  CALL (u) { MATCH (u)-[r:INTERESTED_IN]->() SET r.band = u.visibleBand }`;
