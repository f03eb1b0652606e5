/**
 * The block rule. To the person blocked, the blocker is indistinguishable from a handle
 * that does not exist, on every surface: no profile, no entry in any list or count, and
 * every request naming them gets the answer a handle nobody has gets. (The blocker knows
 * of their own block, so someone who blocked back sees the other as before.) Lists that
 * show people apply the stronger, symmetric form: people with a block between them in
 * either direction never see each other (`idsHiddenFrom` in src/graph/blocks.ts).
 */

/** How the viewer stands to a person, as far as blocks go. */
export interface BlockStanding {
  /** The viewer blocked them. */
  blocking: boolean;
  /** They blocked the viewer. */
  blockedBy: boolean;
  /**
   * The viewer, an owner or moderator of a circle the person is in (or banned from), acts
   * on it as such: a block
   * must not shield anyone from a circle's moderation, so there the person stays findable.
   * Outside their circle a moderator is as blind to the block as anyone.
   */
  underViewersModeration?: boolean;
}

/** Whether the person must look, to the viewer, like a handle nobody has. */
export function hiddenAsNonexistent(standing: BlockStanding): boolean {
  return standing.blockedBy && !standing.blocking && !standing.underViewersModeration;
}
