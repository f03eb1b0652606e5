import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { typedId } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';
import { VouchVisibility } from '../privacy/vouch-visibility.js';

registerEnumType(VouchVisibility, {
  name: 'VouchVisibility',
  description: 'Who sees the vouches you give. The two people a vouch joins always see it; people with a block between them never do.',
  valuesConfig: {
    PUBLIC: { description: 'Every signed-in person.' },
    CONNECTIONS_ONLY: { description: 'Your connections (the default for new accounts).' },
    PRIVATE: { description: 'Nobody else (the setting of accounts that vouched before this choice existed).' },
  },
});

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

/** `TrustEdge:<fromId>:<toId>`: one person vouches for another once (see src/graphql/node.ts). */
export const trustEdgeId = (edge: Pick<TrustEdge, 'fromId' | 'toId'>) => typedId('TrustEdge', edge.fromId, edge.toId);

export const TrustEdgeConnection = ConnectionType('TrustEdge', TrustEdge);

/** The vouches a person gives: a list of its own type, as only it can be counted without reading them (who sees a received vouch is each giver's choice). */
export const TrustsGivenConnection = ConnectionType(
  'TrustsGiven',
  TrustEdge,
  "All the person's vouches you may see, as `trustsGivenCount`: when their choice shows you their vouches, the number the graph keeps of them less those for people on the other side of a block (found from those people alone); otherwise only a vouch for you. None is read to count them.",
);
