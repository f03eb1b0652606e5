import { Field, ID, InputType } from 'type-graphql';
import { ReportAction } from '../graph/report-subjects.js';
import { optionalText } from '../shared/validate.js';
import { ReportReason } from './report.type.js';
import { REPORT_NOTE_RULE } from './reports.rules.js';

@InputType()
export class ReportContentInput {
  @Field(() => ID, { description: 'The `id` of a post, of a message sent to you, or of a person.' })
  subjectId!: string;

  @Field(() => ReportReason)
  reason!: ReportReason;

  @Field(() => String, { nullable: true, description: `What the moderators should know (up to ${REPORT_NOTE_RULE.max} characters).` })
  note?: string | null;
}

@InputType()
export class ResolveReportInput {
  @Field(() => ID)
  reportId!: string;

  @Field(() => ReportAction)
  action!: ReportAction;

  @Field(() => String, {
    nullable: true,
    description: `Why (up to ${REPORT_NOTE_RULE.max} characters): the reporter sees it, and so does the person acted on, as the reason for a removal or ban.`,
  })
  note?: string | null;
}

/** The note, checked; null when left out. */
export const checkNote = (note: string | null | undefined): string | null => optionalText('note', note, REPORT_NOTE_RULE) ?? null;
