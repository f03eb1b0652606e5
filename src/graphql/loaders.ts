/**
 * Every feature's DataLoaders, for one request (or one subscription event). Each
 * feature's set is built on first use: a request that never touches circles builds no
 * circle loaders, and ten thousand idle subscriptions hold no loaders at all.
 */
import type { Principal } from '../auth/roles.js';
import { createCircleLoaders } from '../circles/circles.loaders.js';
import { createCommentLoaders } from '../comments/comments.loaders.js';
import { createConnectionLoaders } from '../connections/connections.loaders.js';
import { createConversationLoaders } from '../conversations/conversations.loaders.js';
import type { Db } from '../db/database.js';
import { createInterestLoaders } from '../interests/interests.loaders.js';
import { createNotificationLoaders } from '../notifications/notifications.loaders.js';
import { createPostLoaders } from '../posts/posts.loaders.js';
import { createRecommendationLoaders } from '../recommendations/recommendations.loaders.js';
import { createTrustLoaders } from '../trust/trust.loaders.js';
import { createUserLoaders, type UserLoaders } from '../users/users.loaders.js';

export interface Loaders {
  users: UserLoaders;
  circles: ReturnType<typeof createCircleLoaders>;
  posts: ReturnType<typeof createPostLoaders>;
  comments: ReturnType<typeof createCommentLoaders>;
  interests: ReturnType<typeof createInterestLoaders>;
  connections: ReturnType<typeof createConnectionLoaders>;
  conversations: ReturnType<typeof createConversationLoaders>;
  trust: ReturnType<typeof createTrustLoaders>;
  recommendations: ReturnType<typeof createRecommendationLoaders>;
  notifications: ReturnType<typeof createNotificationLoaders>;
}

/**
 * `shared` lets many contexts use one set of loaders for data that is the same for every
 * viewer (people's records): the subscribers of one live event resolve authors once.
 * Getters on the prototype build each feature's loaders on first use, at no cost per request.
 */
class RequestLoaders implements Loaders {
  #users?: UserLoaders;
  #circles?: Loaders['circles'];
  #posts?: Loaders['posts'];
  #comments?: Loaders['comments'];
  #interests?: Loaders['interests'];
  #connections?: Loaders['connections'];
  #conversations?: Loaders['conversations'];
  #trust?: Loaders['trust'];
  #recommendations?: Loaders['recommendations'];
  #notifications?: Loaders['notifications'];

  constructor(
    private readonly db: Db,
    private readonly viewer: Principal | null,
    private readonly shared?: SharedLoaders,
  ) {}

  get users() {
    return (this.#users ??= this.shared?.users ?? createUserLoaders(this.db, this.viewer?.id ?? null));
  }
  get circles() {
    return (this.#circles ??= createCircleLoaders(this.db, this.viewer));
  }
  get posts() {
    return (this.#posts ??= createPostLoaders(this.db, this.viewer, this.users, this.circles));
  }
  get comments() {
    return (this.#comments ??= createCommentLoaders(this.db, this.viewer, this.users));
  }
  get interests() {
    return (this.#interests ??= createInterestLoaders(this.db));
  }
  get connections() {
    return (this.#connections ??= createConnectionLoaders(this.db, this.viewer));
  }
  get conversations() {
    return (this.#conversations ??= createConversationLoaders(this.db, this.viewer, this.users));
  }
  get trust() {
    return (this.#trust ??= createTrustLoaders(this.db, this.viewer));
  }
  get recommendations() {
    return (this.#recommendations ??= createRecommendationLoaders(this.db, this.viewer));
  }
  get notifications() {
    return (this.#notifications ??= createNotificationLoaders(this.db));
  }
}

export function createLoaders(db: Db, viewer: Principal | null, shared?: SharedLoaders): Loaders {
  return new RequestLoaders(db, viewer, shared);
}

export interface SharedLoaders {
  users: UserLoaders;
}

export function createSharedLoaders(db: Db): SharedLoaders {
  // Subscribers of one event share people by id (no viewer needed); no handle is looked up there.
  return { users: createUserLoaders(db, null) };
}
