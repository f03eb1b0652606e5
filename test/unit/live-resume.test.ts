import { describe, expect, it } from 'vitest';
import { readResumeCursor, resumeCursor } from '../../src/live/resume.js';

const HOUR = 3_600_000;
const at = new Date('2026-03-01T12:00:00.123Z');
const now = at.getTime() + HOUR;

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as { extensions?: { code?: string } }).extensions?.code, message: (error as Error).message };
  }
  return null;
};

describe('resume cursors', () => {
  it('read back the point they were made from, to the millisecond', () => {
    expect(readResumeCursor(resumeCursor('messageReceived', at, 'm1'), 'messageReceived', now, 2 * HOUR)).toEqual({ at: at.getTime(), id: 'm1' });
  });

  it("refuse another stream's cursor, saying which query to refetch with", () => {
    expect(refusal(() => readResumeCursor(resumeCursor('messageReceived', at, 'm1'), 'notificationAdded', now, 2 * HOUR))).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('Refetch with the `notifications` query'),
    });
  });

  it.each(['', 'garbage', Buffer.from('["messageReceived","not a time","m"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])(
    'refuse %j, which no stream gave out',
    (cursor) => {
      expect(refusal(() => readResumeCursor(cursor, 'messageReceived', now, 2 * HOUR))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('`conversations` query') });
    },
  );

  it('refuse a cursor older than the replay window, and take one just inside it', () => {
    const cursor = resumeCursor('notificationAdded', at, 'n1');
    expect(refusal(() => readResumeCursor(cursor, 'notificationAdded', now, HOUR - 1))).toMatchObject({ message: expect.stringContaining('too old') });
    expect(readResumeCursor(cursor, 'notificationAdded', now, HOUR)).toEqual({ at: at.getTime(), id: 'n1' });
  });
});
