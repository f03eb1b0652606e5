import { Field, ID, InputType } from 'type-graphql';
import { MAX_MENTIONS, mentionedHandles, mentionsRefusal } from '../graph/mentions.js';
import { optionalText, text } from '../shared/validate.js';

export const MAX_BODY_LENGTH = 5000;

@InputType()
export class CreatePostInput {
  @Field(() => String)
  circleSlug!: string;

  @Field(() => String, { description: `1–${MAX_BODY_LENGTH} characters after trimming. \`@handle\` mentions (at most ${MAX_MENTIONS}) notify people who can read the circle.` })
  body!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Any unique string of yours (up to 100 characters): a retry with the same key returns the first post instead of a duplicate.',
  })
  idempotencyKey?: string | null;
}

@InputType()
export class EditPostInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: `1–${MAX_BODY_LENGTH} characters after trimming.` })
  body!: string;
}

/** A post's body, and the handles it mentions (at most MAX_MENTIONS). */
export function checkBody(value: string): { body: string; mentioned: string[] } {
  const body = text('body', value, { min: 1, max: MAX_BODY_LENGTH });
  const mentioned = mentionedHandles(body);
  const refusal = mentionsRefusal(mentioned);
  if (refusal) throw refusal;
  return { body, mentioned };
}

export const checkIdempotencyKey = (key: string | null | undefined) =>
  optionalText('idempotencyKey', key, { max: 100, singleLine: true }) ?? null;
