import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { REACTION_KINDS } from '../graph/reactions.js';

/** The GraphQL enum, from the fixed list the posts' counts are kept in. */
export const ReactionKind = Object.fromEntries(REACTION_KINDS.map((kind) => [kind, kind])) as { [K in (typeof REACTION_KINDS)[number]]: K };
export type ReactionKind = (typeof REACTION_KINDS)[number];

registerEnumType(ReactionKind, { name: 'ReactionKind', description: 'The reactions a post can get: a small fixed set.' });

@ObjectType({ simpleResolvers: true, description: 'How many people reacted to a post with one kind, as you see it (people hidden from you by a block are not counted).' })
export class PostReaction {
  @Field(() => ReactionKind)
  kind!: ReactionKind;

  @Field(() => Int)
  count!: number;

  @Field(() => Boolean, { description: 'You reacted with this kind.' })
  viewerReacted!: boolean;
}
