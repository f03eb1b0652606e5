import { readTypedId } from '../graphql/node.js';
import type { NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { ConnectionRequestStatus, connectionRequestId } from './connection.type.js';
import { pendingRequestsBetween } from './connections.repository.js';

/**
 * Pending requests from or to you, by `ConnectionRequest:<fromId>:<toId>`, as your incoming and
 * outgoing lists show them. An answered or withdrawn request is no longer kept: null.
 */
export const connectionRequestNodes: NodeSource = {
  type: 'ConnectionRequest',
  ids: 'typed',
  async load(ctx, ids) {
    const pairs = ids.map((id) => readTypedId(id)!.parts).filter((parts) => parts.length === 2).map(([fromId, toId]) => ({ fromId: fromId!, toId: toId! }));
    const rows = await pendingRequestsBetween(ctx.db, viewerId(ctx), pairs);
    return rows.map((row) => ({ ...row, id: connectionRequestId(row), status: ConnectionRequestStatus.PENDING }));
  },
};
