/**
 * Vouches in Cypher: which TRUSTS edges a viewer may see, built from the disclosure
 * policy's values (src/privacy/vouch-visibility.ts) so the two cannot disagree.
 */
import { EARLIER_VOUCH_VISIBILITY, VouchVisibility } from '../privacy/vouch-visibility.js';

/**
 * Whether `giver`'s choice shows `viewer` (a bound User, not null) every vouch the giver
 * gives: the giver themselves, everyone under PUBLIC, their connections under
 * CONNECTIONS_ONLY. With `connectedIds`, a list of the ids of the viewer's connections.
 */
const giverShowsVouchesTo = (giver: string, viewer: string, connectedIds?: string) => {
  // Nobody lacks the choice after migration 9; should someone, their vouches stay private.
  const choice = `coalesce(${giver}.vouchVisibility, '${EARLIER_VOUCH_VISIBILITY}')`;
  const connected = connectedIds ? `${giver}.id IN ${connectedIds}` : `EXISTS { (${giver})-[:CONNECTED]-(${viewer}) }`;
  return `(${giver} = ${viewer}
    OR ${choice} = '${VouchVisibility.PUBLIC}'
    OR (${choice} = '${VouchVisibility.CONNECTIONS_ONLY}' AND ${connected}))`;
};

/**
 * Whether the vouch from `giver` to `receiver` is visible to `viewer` (a User, possibly
 * null for services): `vouchVisible` without the block test, which callers apply with
 * their list of hidden people. Expects bound: the three variables named, and, when
 * `connectedIds` names one, a list of the ids of the viewer's connections (path searches
 * cannot run a subquery per step).
 */
export const vouchVisibleTo = (giver: string, receiver: string, viewer: string, connectedIds?: string) =>
  `(${viewer} IS NOT NULL AND (${receiver} = ${viewer} OR ${giverShowsVouchesTo(giver, viewer, connectedIds)}))`;

/**
 * How many of `giver`'s vouches the viewer `v` may see (as `trustsGiven` lists them), without
 * reading them: when the giver's choice shows them all, the giver's TRUSTS degree (kept by the
 * graph) less their vouches for people a block hides from the viewer, found from those people;
 * otherwise only a vouch for the viewer themselves. None when a block hides the giver.
 * Expects bound: `giver`, `v` and `hiddenPeople` (BIND_VIEWER_AND_HIDDEN_PEOPLE).
 */
export const visibleVouchesGivenBy = (giver: string) => `CASE
  WHEN v IS NULL OR ${giver} IN hiddenPeople THEN 0
  WHEN ${giverShowsVouchesTo(giver, 'v')}
    THEN COUNT { (${giver})-[:TRUSTS]->() } - size([hidden IN hiddenPeople WHERE EXISTS { (${giver})-[:TRUSTS]->(hidden) }])
  WHEN EXISTS { (${giver})-[:TRUSTS]->(v) } THEN 1
  ELSE 0 END`;
