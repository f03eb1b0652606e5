/**
 * What the notify function (notifications.ts) writes for a batch of events, decided by pure
 * rules from facts it read under the recipients' locks: the recipient's notification policy
 * (src/privacy/notification-policy.ts), and, for kinds that aggregate, the groups already
 * there. Unit-tested in test/unit/notification-plan.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { NotificationPolicyAction, policyVerdict, type NotificationPolicy, type Sender } from '../privacy/notification-policy.js';
import { KIND_TRAITS, type NotificationKind } from './notification-kinds.js';

/** Something that happened to `recipientId`, to be stored as a notification in the causing write's transaction. */
export interface NotificationEvent {
  kind: NotificationKind;
  recipientId: string;
  /** The person who caused it: required for PERSON kinds, null for CIRCLE and SERVICE kinds. */
  actorId: string | null;
  circleId?: string | null;
  /** The post it is about; aggregating kinds gather their actors per post. */
  postId?: string | null;
  /** The start of a removed post's text, so the recipient knows which one it was. */
  postExcerpt?: string | null;
  /** What the moderator gave as the reason. */
  reason?: string | null;
  /** The recipient's new role in the circle. */
  role?: string | null;
  /** The credit score recorded. */
  score?: number | null;
  /** A connection request's icebreaker. */
  message?: string | null;
  /**
   * Whose post, and whose thread of comments, it is about: a block between the recipient and
   * either takes it away (forgetConcerning), as the post or thread is hidden from them then.
   */
  postAuthorId?: string | null;
  threadAuthorId?: string | null;
  /** REPORT_RESOLVED: how the report was resolved (a ReportAction). */
  reportAction?: string | null;
}

/** An existing aggregate notification of the event's group, in one of the two lists. */
export interface GroupFacts {
  id: string;
  filtered: boolean;
  read: boolean;
  /** The event's actor is already one of its actors. */
  hasActor: boolean;
}

/** What notify read for one event. */
export interface EventFacts {
  policy: NotificationPolicy;
  /** The actor as they stand to the recipient; null when the event has none, or its actor no longer exists. */
  sender: Sender | null;
  /** The event's groups (aggregating kinds only): at most one per list. */
  groups: GroupFacts[];
}

export interface NotificationWrite {
  /** A new notification, or more actors for an existing aggregate one (which moves to the top, unread). */
  op: 'create' | 'join';
  id: string;
  recipientId: string;
  kind: NotificationKind;
  filtered: boolean;
  groupKey: string | null;
  /** Actors to add, oldest first: the last is the one shown. */
  actorIds: string[];
  /** What the recipient's unread count of its list gains: 1 for a new notification, or a reopened one. */
  unreadDelta: 0 | 1;
  details: Pick<NotificationEvent, 'circleId' | 'postId' | 'postExcerpt' | 'reason' | 'role' | 'score' | 'message' | 'postAuthorId' | 'threadAuthorId' | 'reportAction'>;
}

const EXCERPT_LENGTH = 100;

/** The start of a text for a notification: at most 100 characters (never half of one), with an ellipsis when cut. */
export function excerptOf(text: string): string {
  const characters = [...text];
  return characters.length <= EXCERPT_LENGTH ? text : `${characters.slice(0, EXCERPT_LENGTH - 1).join('').trimEnd()}…`;
}

/** Aggregating kinds gather per post: the key of an event's group, or null for kinds that do not aggregate. */
export function groupKeyOf(event: Pick<NotificationEvent, 'kind' | 'postId'>): string | null {
  return KIND_TRAITS[event.kind].aggregates ? `${event.kind}:${event.postId ?? ''}` : null;
}

/**
 * Whether an event is shown, filtered or dropped. People never notify themselves; an actor
 * who no longer exists notifies nobody; the recipient's policy judges people, never
 * circles' moderation or services.
 */
export function eventVerdict(event: NotificationEvent, facts: EventFacts, now: number): NotificationPolicyAction {
  if (KIND_TRAITS[event.kind].source !== 'PERSON') return NotificationPolicyAction.SHOW;
  if (!event.actorId || !facts.sender || event.actorId === event.recipientId) return NotificationPolicyAction.DROP;
  return policyVerdict(facts.policy, facts.sender, now);
}

/**
 * The writes for a batch of events (`facts[i]` read for `events[i]`), in order. An actor
 * joins an aggregate notification once: someone who reacts, takes it back and reacts again
 * does not raise the count or make it unread again. Several events for one group in a batch
 * make one write.
 */
export function planNotifications(events: NotificationEvent[], facts: EventFacts[], now: number, newId: () => string = randomUUID): NotificationWrite[] {
  const writes: NotificationWrite[] = [];
  const byGroup = new Map<string, NotificationWrite>();
  events.forEach((event, i) => {
    const verdict = eventVerdict(event, facts[i]!, now);
    if (verdict === NotificationPolicyAction.DROP) return;
    const filtered = verdict === NotificationPolicyAction.FILTER;
    const { kind, recipientId, actorId, circleId, postId, postExcerpt, reason, role, score, message, postAuthorId, threadAuthorId, reportAction } = event;
    const groupKey = groupKeyOf(event);
    const details = { circleId, postId, postExcerpt, reason, role, score, message, postAuthorId, threadAuthorId, reportAction };
    const base = { recipientId, kind, filtered, groupKey, actorIds: actorId ? [actorId] : [], details };
    const fresh = (): NotificationWrite => ({ ...base, op: 'create', id: newId(), unreadDelta: 1 });
    if (groupKey === null || !actorId) {
      writes.push(fresh());
      return;
    }
    const slot = `${recipientId}|${groupKey}|${filtered}`;
    const existing = facts[i]!.groups.find((group) => group.filtered === filtered);
    const planned = byGroup.get(slot);
    if (planned) {
      if (!planned.actorIds.includes(actorId) && !(planned.op === 'join' && existing?.hasActor)) planned.actorIds.push(actorId);
      return;
    }
    if (existing?.hasActor) return;
    const write: NotificationWrite = existing
      ? { ...base, op: 'join', id: existing.id, unreadDelta: existing.read ? 1 : 0 }
      : fresh();
    byGroup.set(slot, write);
    writes.push(write);
  });
  return writes;
}
