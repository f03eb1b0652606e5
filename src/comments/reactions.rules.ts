/**
 * Reactions as a viewer sees them, and who may react. Pure; unit-tested in
 * test/unit/comments.rules.test.ts.
 *
 * The block rule for counts: a post keeps one count per kind, and each viewer's counts are
 * those less the reactions of the people hidden from them (either way round). To a person
 * someone blocked, the blocker's reaction is then missing from the count exactly as it
 * would be had the blocker never existed (the noninterference suite's block world), and no
 * count moves when a block is made except by the hidden person's own reactions. See
 * docs/security.md, "Comments and reactions".
 */
import { forbidden, type AppError } from '../errors.js';
import { REACTION_KINDS, type ReactionKindName } from '../graph/reactions.js';
import { noSuchPost } from './comments.rules.js';

export interface VisibleReaction {
  kind: ReactionKindName;
  count: number;
  viewerReacted: boolean;
}

/**
 * Each kind with a count above zero for this viewer (or that the viewer used), in
 * REACTION_KINDS order: the kept counts less the hidden people's reactions.
 */
export function visibleReactions(kept: readonly number[], hiddenKinds: readonly string[], viewerKinds: readonly string[]): VisibleReaction[] {
  return REACTION_KINDS.flatMap((kind, i) => {
    const count = Math.max(0, (kept[i] ?? 0) - hiddenKinds.filter((hidden) => hidden === kind).length);
    const viewerReacted = viewerKinds.includes(kind);
    return count > 0 || viewerReacted ? [{ kind, count, viewerReacted }] : [];
  });
}

/** What react and unreact read about the post. */
export interface ReactFacts {
  /** The post exists and its author is not hidden from the person by a block. */
  postFound: boolean;
  circleName: string;
  member: boolean;
}

/** Members react, like they comment. */
export function reactRefusal(facts: ReactFacts): AppError | null {
  if (!facts.postFound) return noSuchPost();
  if (!facts.member) return forbidden(`Only members can react in ${facts.circleName}; join it first.`);
  return null;
}
