import { Field, ID, InputType } from 'type-graphql';
import { optionalText, text } from '../shared/validate.js';

export const MAX_BODY_LENGTH = 5000;

@InputType()
export class CreatePostInput {
  @Field(() => String)
  circleSlug!: string;

  @Field(() => String, { description: `1–${MAX_BODY_LENGTH} characters after trimming.` })
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

export const checkBody = (body: string) => text('body', body, { min: 1, max: MAX_BODY_LENGTH });

export const checkIdempotencyKey = (key: string | null | undefined) =>
  optionalText('idempotencyKey', key, { max: 100, singleLine: true }) ?? null;
