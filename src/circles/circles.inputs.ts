import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { badInput } from '../errors.js';
import { TwoWayPageArgs } from '../graphql/pagination.js';
import { JoinPolicy } from './circle.type.js';
import { MAX_SCORE, MIN_SCORE } from '../privacy/credit-bands.js';
import { optionalText, slug, text } from '../shared/validate.js';

/** How many interests a circle is about, at most (createCircle refuses more). */
export const MAX_CIRCLE_INTERESTS = 5;

/** The consent argument's description, on createCircle's input and on joinCircle. */
export const ACKNOWLEDGE_DISCLOSURE =
  'Your consent that membership of a circle with a minimum credit score tells everyone who can see its members that your score is at least that minimum, whatever your score visibility says. Required (true) for such circles; DISCLOSURE_REQUIRED otherwise. Leaving withdraws it.';

@InputType()
export class CreateCircleInput {
  @Field(() => String, { description: '2–48 lower-case letters and digits, words joined by hyphens; unique.' })
  slug!: string;

  @Field(() => String, { description: '1–80 characters.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Up to 1,000 characters.' })
  description?: string | null;

  @Field(() => [String], { description: `1–${MAX_CIRCLE_INTERESTS} interest slugs the circle is about.` })
  interestSlugs!: string[];

  @Field(() => Int, { nullable: true, description: `Members need at least this credit score (${MIN_SCORE}–${MAX_SCORE}).` })
  minCreditScore?: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Members need a verified real name.' })
  requiresVerified?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only members may read posts and see members.' })
  membersOnly?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: ACKNOWLEDGE_DISCLOSURE })
  acknowledgeDisclosure?: boolean | null;

  @Field(() => JoinPolicy, { nullable: true, defaultValue: JoinPolicy.OPEN, description: 'OPEN (the default) or INVITE_ONLY.' })
  joinPolicy?: JoinPolicy | null;
}


export interface NewCircle {
  slug: string;
  name: string;
  description: string | null;
  interestSlugs: string[];
  minCreditScore: number | null;
  requiresVerified: boolean;
  membersOnly: boolean;
  joinPolicy: JoinPolicy;
  acknowledgeDisclosure: boolean;
}

export function checkNewCircle(input: CreateCircleInput): NewCircle {
  const interestSlugs = [...new Set(input.interestSlugs.map((value) => slug('interestSlugs', value)))];
  if (interestSlugs.length < 1 || interestSlugs.length > MAX_CIRCLE_INTERESTS) {
    throw badInput('interestSlugs', `A circle is about 1 to ${MAX_CIRCLE_INTERESTS} interests; got ${interestSlugs.length}.`);
  }
  const min = input.minCreditScore ?? null;
  if (min !== null && (min < MIN_SCORE || min > MAX_SCORE)) {
    throw badInput('minCreditScore', `minCreditScore must be from ${MIN_SCORE} to ${MAX_SCORE}, or null for none; got ${min}.`);
  }
  return {
    slug: slug('slug', input.slug),
    name: text('name', input.name, { min: 1, max: 80, singleLine: true }),
    description: optionalText('description', input.description, { max: 1000 }) ?? null,
    interestSlugs,
    minCreditScore: min,
    requiresVerified: input.requiresVerified ?? false,
    membersOnly: input.membersOnly ?? false,
    joinPolicy: input.joinPolicy ?? JoinPolicy.OPEN,
    acknowledgeDisclosure: input.acknowledgeDisclosure ?? false,
  };
}

@ArgsType()
export class CirclesArgs extends TwoWayPageArgs {
  @Field(() => String, { nullable: true, description: 'Only circles about this interest (slug).' })
  interest?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name or description, any case.' })
  search?: string | null;
}
