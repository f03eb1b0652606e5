import { Field, InputType } from 'type-graphql';
import { NotificationPolicyAction } from '../privacy/notification-policy.js';
import type { PolicyPatch } from './notifications.rules.js';

@InputType({ description: 'Only the choices you send change; null puts one back to its default. Applies to notifications from now on.' })
export class NotificationPolicyInput implements PolicyPatch {
  @Field(() => NotificationPolicyAction, { nullable: true, description: 'People you are not connected with (default SHOW).' })
  strangers?: NotificationPolicyAction | null;

  @Field(() => NotificationPolicyAction, { nullable: true, description: 'People whose real name is not verified (default SHOW).' })
  unverified?: NotificationPolicyAction | null;

  @Field(() => NotificationPolicyAction, { nullable: true, description: 'Accounts younger than a week (default FILTER).' })
  newAccounts?: NotificationPolicyAction | null;
}

