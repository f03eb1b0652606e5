import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../graphql/pagination.js';

@ObjectType({ simpleResolvers: true, description: 'A topic people follow and circles are about.' })
export class Interest {
  @Field(() => String, { description: 'Stable identifier, e.g. "tea-culture".' })
  slug!: string;

  @Field(() => String)
  name!: string;
}

export const InterestConnection = ConnectionType('Interest', Interest);
