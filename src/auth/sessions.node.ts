import type { NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { liveSessionsOf } from './sessions.repository.js';

/** Your live sessions (nobody else's), as `me.sessions` lists them. */
export const sessionNodes: NodeSource = {
  type: 'Session',
  ids: { label: 'Session' },
  async load(ctx, ids) {
    if (ctx.viewer?.kind !== 'user') return [];
    const wanted = new Set(ids);
    const sessions = await liveSessionsOf(ctx.db, viewerId(ctx), ctx.app.config.sessions.maxPerUser);
    return sessions.filter((session) => wanted.has(session.id)).map((session) => ({ ...session, current: session.id === ctx.viewer!.sessionId }));
  },
};
