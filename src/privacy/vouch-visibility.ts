/**
 * Who may see a vouch (a TRUSTS edge): the single place the rule lives. The giver decides,
 * for every vouch they give:
 *   PUBLIC            every signed-in person
 *   CONNECTIONS_ONLY  the giver's connections (the default for new accounts)
 *   PRIVATE           nobody else
 * The two people a vouch joins always see it, and nobody sees a vouch that touches
 * someone with a block between them and the viewer. Every surface that walks TRUSTS —
 * the trust lists and their counts, trustPath, mutual trust in icebreakers and
 * recommendations — shows only vouches this rule lets the viewer see (the Cypher form is
 * `vouchVisibleTo` in src/graph/trust.ts, built from these values).
 */

export enum VouchVisibility {
  PUBLIC = 'PUBLIC',
  CONNECTIONS_ONLY = 'CONNECTIONS_ONLY',
  PRIVATE = 'PRIVATE',
}

/** What a new account chooses until it says otherwise. */
export const DEFAULT_VOUCH_VISIBILITY = VouchVisibility.CONNECTIONS_ONLY;

/**
 * What people who vouched before the choice existed are taken to have chosen: their
 * vouches were theirs alone to read, so they stay so (migration 9 stores it).
 */
export const EARLIER_VOUCH_VISIBILITY = VouchVisibility.PRIVATE;

/** One vouch as a viewer meets it. */
export interface VouchSighting {
  viewerId: string | null;
  giverId: string;
  receiverId: string;
  giverChoice: VouchVisibility;
  /** The viewer and the giver are connected. */
  viewerConnectedToGiver: boolean;
  /** A block stands between the viewer and the giver or the receiver. */
  blockedEither: boolean;
}

export function vouchVisible(vouch: VouchSighting): boolean {
  if (vouch.viewerId === null || vouch.blockedEither) return false;
  if (vouch.viewerId === vouch.giverId || vouch.viewerId === vouch.receiverId) return true;
  switch (vouch.giverChoice) {
    case VouchVisibility.PUBLIC:
      return true;
    case VouchVisibility.CONNECTIONS_ONLY:
      return vouch.viewerConnectedToGiver;
    default:
      return false;
  }
}
