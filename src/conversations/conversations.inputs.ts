import { Field, InputType } from 'type-graphql';
import { handle, optionalText, text } from '../shared/validate.js';

export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 100;

@InputType({ description: 'A message to one of your connections.' })
export class SendMessageInput {
  @Field(() => String, { description: 'The handle of the person you are connected with.' })
  toHandle!: string;

  @Field(() => String, { description: `1–${MAX_MESSAGE_LENGTH} characters after trimming.` })
  body!: string;

  @Field(() => String, {
    nullable: true,
    description: `Any unique string of yours (up to ${MAX_CLIENT_MESSAGE_ID_LENGTH} characters), made once per message: a retry with the same one returns the first message instead of sending it twice.`,
  })
  clientMessageId?: string | null;
}

export interface CheckedMessage {
  toHandle: string;
  body: string;
  clientMessageId: string | null;
}

/** The input as the rules want it, or BAD_USER_INPUT naming the field at fault. */
export function checkMessage(input: SendMessageInput): CheckedMessage {
  return {
    toHandle: handle('toHandle', input.toHandle),
    body: text('body', input.body, { min: 1, max: MAX_MESSAGE_LENGTH }),
    clientMessageId: optionalText('clientMessageId', input.clientMessageId, { max: MAX_CLIENT_MESSAGE_ID_LENGTH, singleLine: true }) ?? null,
  };
}
