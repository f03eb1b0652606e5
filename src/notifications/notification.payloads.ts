/** What markNotificationsReadWithPayload answers (README, "Mutation answers"). */
import { Field, ObjectType } from 'type-graphql';
import { User } from '../users/user.type.js';

@ObjectType({
  simpleResolvers: true,
  description: 'What marking notifications read changed: you, with your new unread counts, and (select it) your list as it now is, each notification with its `readAt`.',
})
export class MarkNotificationsReadPayload {
  @Field(() => User, { description: 'You, with your new `unreadNotificationCount` and `unreadFilteredNotificationCount`.' })
  me!: User;
}
