/**
 * Who may see a person's credit score: the single place the rule lives. Every field and
 * list that shows credit goes through `visibleCredit`; rankings use the same rule in
 * Cypher, built from these values in src/graph/credit.ts.
 *
 * Each choice shows strangers and connections at least as much as the next one does:
 *   PUBLIC            everyone: the number
 *   BAND_ONLY         strangers: the band; connections: the number
 *   CONNECTIONS_ONLY  strangers: nothing;  connections: the number
 *   PRIVATE           nobody
 * The owner always sees their own; a credit bureau reads back only the scores it recorded;
 * people with a block between them see nothing of each other.
 */
import { Role, type Principal } from '../auth/roles.js';
import { bandOf, bandRank, NO_VISIBLE_BAND, ScoreVisibility, type CreditBand } from './credit-bands.js';

/** How the viewer stands to another person (read once per request, per person). */
export interface Relation {
  /** The other person's id. */
  id: string;
  connected: boolean;
  /** The viewer blocked them. */
  blocking: boolean;
  /** They blocked the viewer. */
  blockedBy: boolean;
  /** The viewer asked them to connect and they have not answered. */
  requested: boolean;
  /** They asked the viewer to connect and the viewer has not answered. */
  incoming: boolean;
}

export interface VisibleCredit {
  score: number | null;
  band: CreditBand | null;
}

const HIDDEN: VisibleCredit = { score: null, band: null };

export interface CreditOwner {
  id: string;
  creditScore: number | null;
  scoreVisibility: ScoreVisibility;
  /** The principal that recorded the current score (a bureau's token subject, an import, the seed). */
  creditRecordedBy?: string | null;
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
  // Least privilege: a bureau reads back the scores it recorded itself, nobody else's.
  if (viewer.roles.includes(Role.CREDIT_BUREAU)) return owner.creditRecordedBy === viewer.id ? full : HIDDEN;
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
  return band === null ? NO_VISIBLE_BAND : bandRank(band);
}

/** Visibility choices that show a stranger the band. */
export const BAND_SHOWN_TO_STRANGERS: readonly ScoreVisibility[] = [ScoreVisibility.PUBLIC, ScoreVisibility.BAND_ONLY];
