import { Field, InputType } from 'type-graphql';
import { badInput } from '../errors.js';
import { handle, text } from '../shared/validate.js';
import { REAL_NAME_RULE } from '../users/users.inputs.js';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;

@InputType()
export class SignUpInput {
  @Field(() => String, { description: '3–30 characters: a letter, then letters, digits or underscores. Case-insensitive.' })
  handle!: string;

  @Field(() => String, { description: 'Your name as on your identity documents (1–100 characters).' })
  realName!: string;

  @Field(() => String, { description: `At least ${MIN_PASSWORD_LENGTH} characters.` })
  password!: string;
}

@InputType()
export class LogInInput {
  @Field(() => String)
  handle!: string;

  @Field(() => String)
  password!: string;
}

export function checkPassword(password: string, field = 'password'): string {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw badInput(field, `${field} must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long; got ${length}.`);
  }
  return password;
}

/** A new password: long enough, and not the one it replaces. */
export function checkNewPassword(password: string, current: string): string {
  checkPassword(password, 'newPassword');
  if (password.normalize('NFKC') === current.normalize('NFKC')) throw badInput('newPassword', 'newPassword is the same as your current password; choose another.');
  return password;
}

export function checkSignUp(input: SignUpInput): SignUpInput {
  return {
    handle: handle('handle', input.handle),
    realName: text('realName', input.realName, REAL_NAME_RULE),
    password: checkPassword(input.password),
  };
}
