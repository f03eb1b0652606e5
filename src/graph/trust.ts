/**
 * Vouches in Cypher: which TRUSTS edges a viewer may see, built from the disclosure
 * policy's values (src/privacy/vouch-visibility.ts) so the two cannot disagree.
 */
import { EARLIER_VOUCH_VISIBILITY, VouchVisibility } from '../privacy/vouch-visibility.js';

/**
 * Whether the vouch from `giver` to `receiver` is visible to `viewer` (a User, possibly
 * null for services): `vouchVisible` without the block test, which callers apply with
 * their list of hidden people. Expects bound: the three variables named, and, when
 * `connectedIds` names one, a list of the ids of the viewer's connections (path searches
 * cannot run a subquery per step).
 */
export const vouchVisibleTo = (giver: string, receiver: string, viewer: string, connectedIds?: string) => {
  // Nobody lacks the choice after migration 9; should someone, their vouches stay private.
  const choice = `coalesce(${giver}.vouchVisibility, '${EARLIER_VOUCH_VISIBILITY}')`;
  const connected = connectedIds ? `${giver}.id IN ${connectedIds}` : `EXISTS { (${giver})-[:CONNECTED]-(${viewer}) }`;
  return `(${viewer} IS NOT NULL AND (
    ${giver} = ${viewer} OR ${receiver} = ${viewer}
    OR ${choice} = '${VouchVisibility.PUBLIC}'
    OR (${choice} = '${VouchVisibility.CONNECTIONS_ONLY}' AND ${connected})))`;
};
