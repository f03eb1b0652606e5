import { Field, ObjectType } from 'type-graphql';
import { Node, typedId } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A topic people follow and circles are about.' })
export class Interest {
  @Field(() => String, { description: 'Stable identifier, e.g. "tea-culture".' })
  slug!: string;

  @Field(() => String)
  name!: string;
}

/** `Interest:<slug>`: the slug identifies an interest, so its id needs no look-up (see src/graphql/node.ts). */
export const interestId = (interest: Pick<Interest, 'slug'>) => typedId('Interest', interest.slug);

export const InterestConnection = ConnectionType('Interest', Interest);
