import { Field, InputType } from 'type-graphql';
import { ScoreVisibility } from '../privacy/credit-bands.js';
import { VouchVisibility } from '../privacy/vouch-visibility.js';
import { optionalText, text } from '../shared/validate.js';
import type { ProfilePatch } from './users.rules.js';

export const REAL_NAME_RULE = { min: 1, max: 100, singleLine: true } as const;
export const BIO_RULE = { max: 500 } as const;

@InputType({ description: 'Only the fields you send change. Send `bio: null` or "" to clear your bio.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'Up to 500 characters.' })
  bio?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Changing it clears `verified` until it is verified again. Absent or null leaves it as it is (a real name cannot be removed).',
  })
  realName?: string | null;

  @Field(() => ScoreVisibility, { nullable: true })
  scoreVisibility?: ScoreVisibility | null;

  @Field(() => VouchVisibility, { nullable: true, description: 'Who sees the people you vouch for (trustsGiven, trust paths through you, mutual trust).' })
  vouchVisibility?: VouchVisibility | null;
}

export function checkProfilePatch(input: UpdateProfileInput): ProfilePatch {
  return {
    bio: optionalText('bio', input.bio, BIO_RULE),
    realName: input.realName == null ? undefined : text('realName', input.realName, REAL_NAME_RULE),
    scoreVisibility: input.scoreVisibility ?? undefined,
    vouchVisibility: input.vouchVisibility ?? undefined,
  };
}
