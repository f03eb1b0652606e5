import { Field, ID, ObjectType } from 'type-graphql';
import type { ScoreVisibility } from '../privacy/credit-bands.js';
import type { VouchVisibility } from '../privacy/vouch-visibility.js';
import { Node } from '../graphql/node.js';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A real-name person on Quanzi.' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, lower-case; what others use to find and mention this person.' })
  handle!: string;

  @Field(() => String, { description: 'The name on their identity documents; visible to signed-in people.' })
  realName!: string;

  @Field(() => Boolean, { description: 'True once an identity verifier has confirmed the real name.' })
  verified!: boolean;

  @Field(() => String, { nullable: true })
  bio!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Boolean, { description: 'Suspended by trust and safety: the account cannot act.' })
  suspended!: boolean;

  // Raw credit state, never a field: the credit feature's resolvers expose it within
  // the owner's visibility choice (see src/privacy/credit-visibility.ts).
  creditScore!: number | null;
  /** Who recorded the current score: a bureau reads back only what it recorded. */
  creditRecordedBy!: string | null;
  scoreVisibility!: ScoreVisibility;
  // Raw, likewise: the trust feature shows it to its owner (src/privacy/vouch-visibility.ts).
  vouchVisibility!: VouchVisibility | null;
}
