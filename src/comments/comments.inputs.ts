import { Field, ID, InputType } from 'type-graphql';
import { optionalText, text } from '../shared/validate.js';
import { MAX_MENTIONS, mentionedHandles, mentionsRefusal } from '../graph/mentions.js';

export const MAX_COMMENT_LENGTH = 2000;

const BODY = `1–${MAX_COMMENT_LENGTH} characters after trimming. \`@handle\` mentions (at most ${MAX_MENTIONS}) notify people who can read the circle.`;

@InputType({ description: 'A comment on a post, or a reply to one of its top-level comments.' })
export class AddCommentInput {
  @Field(() => ID)
  postId!: string;

  @Field(() => String, { description: BODY })
  body!: string;

  @Field(() => ID, { nullable: true, description: 'A top-level comment of the same post to reply to (replies go one level deep).' })
  replyToId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Any unique string of yours (up to 100 characters): a retry with the same key returns the first comment instead of a duplicate.',
  })
  idempotencyKey?: string | null;
}

@InputType()
export class EditCommentInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: BODY })
  body!: string;
}

/** A comment's body, and the handles it mentions. */
export function checkCommentBody(body: string): { body: string; mentioned: string[] } {
  const checked = text('body', body, { min: 1, max: MAX_COMMENT_LENGTH });
  const mentioned = mentionedHandles(checked);
  const refusal = mentionsRefusal(mentioned);
  if (refusal) throw refusal;
  return { body: checked, mentioned };
}

export const checkCommentKey = (key: string | null | undefined) => optionalText('idempotencyKey', key, { max: 100, singleLine: true }) ?? null;
