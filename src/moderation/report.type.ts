import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ModerationLogAction } from '../graph/moderation-log.js';
import { ReportAction, ReportSubjectKind } from '../graph/report-subjects.js';
import { Node } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';

export enum ReportReason {
  SPAM = 'SPAM',
  HARASSMENT = 'HARASSMENT',
  HATE = 'HATE',
  VIOLENCE = 'VIOLENCE',
  SEXUAL_CONTENT = 'SEXUAL_CONTENT',
  SCAM = 'SCAM',
  IMPERSONATION = 'IMPERSONATION',
  MISINFORMATION = 'MISINFORMATION',
  OTHER = 'OTHER',
}

export enum ReportStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

registerEnumType(ReportReason, { name: 'ReportReason', description: 'Why something is reported; `note` may say more.' });
registerEnumType(ReportStatus, { name: 'ReportStatus' });
registerEnumType(ReportSubjectKind, {
  name: 'ReportSubjectKind',
  description: 'What a report is about.',
  valuesConfig: {
    POST: { description: "A post; its circle's owners and moderators judge it." },
    COMMENT: { description: "A comment; its circle's owners and moderators judge it." },
    MESSAGE: { description: 'A message sent to the reporter; trust and safety judges it.' },
    USER: { description: 'A person; trust and safety judges it.' },
  },
});
registerEnumType(ReportAction, {
  name: 'ReportAction',
  description: 'How a report is resolved. The reporter is told which.',
  valuesConfig: {
    DISMISS: { description: 'Nothing to act on.' },
    REMOVE_CONTENT: { description: 'The reported content is removed (its author is told, with `note` as the reason).' },
    BAN_FROM_CIRCLE: { description: "The content's author is banned from its circle (as banMember)." },
    SUSPEND_ACCOUNT: { description: 'Trust and safety only: the account is suspended (as suspendUser).' },
  },
});
registerEnumType(ModerationLogAction, { name: 'ModerationLogAction', description: 'What a moderator (or trust and safety) did.' });

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A report of content or a person to moderators. Who reported it is never shown to anyone else (least of all to the person reported); moderators see the report's substance.",
})
export class Report {
  @Field(() => ID)
  id!: string;

  @Field(() => ReportSubjectKind)
  subjectKind!: ReportSubjectKind;

  @Field(() => ID, { description: 'The id of the post, message or person reported.' })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'How the content began when it was reported (null for people).' })
  excerpt!: string | null;

  @Field(() => ReportReason)
  reason!: ReportReason;

  @Field(() => String, { nullable: true, description: "The reporter's own words, if any." })
  note!: string | null;

  @Field(() => ReportStatus)
  status!: ReportStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ReportAction, { nullable: true, description: 'How it was resolved; null while open.' })
  action!: ReportAction | null;

  @Field(() => String, { nullable: true, description: 'What the moderator said on resolving it, if anything.' })
  resolutionNote!: string | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  // `circle` and `subjectOwner` are resolved from these ids.
  circleId!: string | null;
  ownerId!: string;
}

/** The report queues (Query.reports, Circle.reports), with their count. */
export const ReportConnection = ConnectionType(
  'Report',
  Report,
  'All the open reports this queue shows you: the number Neo4j keeps of open reports (for a circle, an index seek), less those on your own content and those naming people on the other side of a block from you, found from those people alone; none is read to count them.',
);

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One moderator action: who did what to whom, when and why.' })
export class ModerationLogEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => ModerationLogAction)
  action!: ModerationLogAction;

  @Field(() => Boolean, { description: 'Trust and safety acted (then `actor` is null).' })
  byTrustAndSafety!: boolean;

  @Field(() => String, { nullable: true, description: 'The kind of what was acted on (POST, COMMENT, REPORT…), when it was content or a report.' })
  subjectKind!: string | null;

  @Field(() => ID, { nullable: true })
  subjectId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why, as the actor gave it.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'ROLE_CHANGED: the new role; REPORT_RESOLVED: the action taken.' })
  detail!: string | null;

  @Field(() => Date)
  at!: Date;

  // `actor`, `target` and `circle` are resolved from these ids.
  actorId!: string;
  targetId!: string | null;
  circleId!: string | null;
}

export const ModerationLogConnection = ConnectionType('ModerationLogEntry', ModerationLogEntry);
