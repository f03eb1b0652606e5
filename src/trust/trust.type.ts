import { Field, Float, ObjectType } from 'type-graphql';
import { ConnectionType } from '../graphql/pagination.js';

@ObjectType({ simpleResolvers: true, description: 'A directed vouch: `from` trusts `to`, with a weight in (0, 1].' })
export class TrustEdge {
  @Field(() => Float)
  weight!: number;

  @Field(() => Date)
  since!: Date;

  // `from` and `to` are resolved from these ids.
  fromId!: string;
  toId!: string;
}

export const TrustEdgeConnection = ConnectionType('TrustEdge', TrustEdge);
