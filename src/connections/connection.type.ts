import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node, typedId } from '../graphql/node.js';
import { ConnectionType } from '../graphql/pagination.js';
import { User } from '../users/user.type.js';

export enum ConnectionStatus {
  NONE = 'NONE',
  REQUESTED = 'REQUESTED',
  INCOMING = 'INCOMING',
  CONNECTED = 'CONNECTED',
  BLOCKED = 'BLOCKED',
}

registerEnumType(ConnectionStatus, {
  name: 'ConnectionStatus',
  description: 'How you stand with a person.',
  valuesConfig: {
    NONE: { description: 'Strangers (also: yourself).' },
    REQUESTED: { description: 'You asked to connect; they have not answered.' },
    INCOMING: { description: 'They asked to connect; you have not answered.' },
    CONNECTED: { description: 'You are connected.' },
    BLOCKED: { description: 'You blocked them.' },
  },
});

export enum ConnectionRequestStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

registerEnumType(ConnectionRequestStatus, { name: 'ConnectionRequestStatus' });

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A request to connect, with an icebreaker message: consent before contact.' })
export class ConnectionRequest {
  @Field(() => String)
  message!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ConnectionRequestStatus)
  status!: ConnectionRequestStatus;

  @Field(() => String, {
    nullable: true,
    description: 'On requests `connectionRequestReceived` sends: where `connectionRequestReceived(after:)` resumes after this one. Null elsewhere.',
  })
  cursor?: string | null;

  // `from` and `to` are resolved from these ids.
  fromId!: string;
  toId!: string;
}

/** `ConnectionRequest:<fromId>:<toId>`: two people have at most one request between them (see src/graphql/node.ts). */
export const connectionRequestId = (request: Pick<ConnectionRequest, 'fromId' | 'toId'>) => typedId('ConnectionRequest', request.fromId, request.toId);

export const ConnectionRequestConnection = ConnectionType('ConnectionRequest', ConnectionRequest);
export const UserConnection = ConnectionType('User', User, 'All your connections (kept by the graph: none is read to count them).');
