/**
 * Reactions to a popular post must not flood its circle's watchers: this instance announces
 * at most one REACTIONS_CHANGED per post per `intervalMs`. The first change after a quiet
 * spell goes out at once; changes during the interval are gathered (who took part) and go
 * out as one event when it ends. Each event says only that reactions changed and who
 * changed them: every watcher reads the counts as they see them. Per instance: with several
 * instances a post's watchers may get one update a second from each.
 */
import { announceCircleEvent, type CircleAnnouncing } from './publish.js';

interface Pending {
  circleId: string;
  postAuthorId: string;
  actorIds: Set<string>;
}

export interface ReactionChangeOf {
  circleId: string;
  postId: string;
  postAuthorId: string;
  actorId: string;
}

export class ReactionPulse {
  /** Posts inside their interval: what arrived since the last announcement (empty: nothing yet). */
  private readonly windows = new Map<string, { pending: Pending | null; timer: NodeJS.Timeout }>();

  constructor(
    private readonly live: CircleAnnouncing,
    private readonly intervalMs = 1000,
  ) {}

  changed(change: ReactionChangeOf): void {
    const window = this.windows.get(change.postId);
    if (window) {
      window.pending ??= { circleId: change.circleId, postAuthorId: change.postAuthorId, actorIds: new Set() };
      window.pending.actorIds.add(change.actorId);
      return;
    }
    this.announce(change.postId, { circleId: change.circleId, postAuthorId: change.postAuthorId, actorIds: new Set([change.actorId]) });
  }

  close(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }

  // Private: sends one update and opens the post's interval; at its end, what gathered goes out.
  private announce(postId: string, pending: Pending): void {
    void announceCircleEvent(this.live, {
      kind: 'REACTIONS_CHANGED',
      circleId: pending.circleId,
      at: new Date().toISOString(),
      actorId: [...pending.actorIds].at(-1)!,
      postId,
      postAuthorId: pending.postAuthorId,
      actorIds: [...pending.actorIds],
    });
    const timer = setTimeout(() => {
      const gathered = this.windows.get(postId)?.pending;
      this.windows.delete(postId);
      if (gathered) this.announce(postId, gathered);
    }, this.intervalMs);
    timer.unref();
    this.windows.set(postId, { pending: null, timer });
  }
}
