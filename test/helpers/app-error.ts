/** For unit tests: what a rule threw, as a client would see it (code, field, message). */
import { expect } from 'vitest';
import { AppError } from '../../src/errors.js';

export function thrownBy(action: () => unknown): { code: unknown; field: unknown; message: string } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const { extensions, message } = error as AppError;
    return { code: extensions.code, field: extensions.field, message };
  }
  throw new Error('expected the rule to refuse, but it allowed the action');
}
