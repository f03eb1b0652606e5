import { describe, expect, it } from 'vitest';
import { markRefusal, messagesBeyondCursor, replayRefusal, sendRefusal } from '../../src/conversations/conversations.rules.js';
import { refusalOf } from './refusal.js';

describe('sendRefusal', () => {
  const NOT_CONNECTED = {
    code: 'FORBIDDEN',
    message: 'You can message only people you are connected with: send @li_na a connection request first (sendConnectionRequest).',
  };

  it.each([
    ['a connection', { self: false, connected: true }, null],
    // Strangers, a handle nobody has, and anyone with a block between (a block ends the connection) all read as "not connected".
    ['anyone else', { self: false, connected: false }, NOT_CONNECTED],
    ['yourself', { self: true, connected: false }, { code: 'BAD_USER_INPUT', field: 'toHandle', message: 'You cannot send a message to yourself.' }],
  ])('%s', (_, state, expected) => {
    expect(refusalOf(sendRefusal('li_na', state))).toEqual(expected);
  });
});

describe('replayRefusal', () => {
  const earlier = { toId: 'bob', body: 'Tea at four?' };
  const REUSED = {
    code: 'CONFLICT',
    field: 'clientMessageId',
    message: 'That clientMessageId was already used for a different message; make a new one for each message.',
  };

  it.each([
    ['the same message again', 'bob', 'Tea at four?', null],
    ['another body', 'bob', 'Tea at five?', REUSED],
    ['another person', 'carol', 'Tea at four?', REUSED],
    ['a handle that now names nobody', null, 'Tea at four?', REUSED],
  ])('%s', (_, toId, body, expected) => {
    expect(refusalOf(replayRefusal(earlier, toId, body))).toEqual(expected);
  });
});

describe('markRefusal', () => {
  it('needs a conversation you can see', () => {
    expect(refusalOf(markRefusal('li_na', true))).toBeNull();
    expect(refusalOf(markRefusal('li_na', false))).toEqual({ code: 'NOT_FOUND', field: undefined, message: 'You have no conversation with @li_na.' });
  });
});

describe('messagesBeyondCursor', () => {
  const page = (backward: boolean, after: number | null, before: number | null) => ({ backward, after: after === null ? null : [after], before: before === null ? null : [before] });

  it.each([
    // Paging backward: are there messages from `before` on?
    ['backward from the newest', page(true, null, null), 45, false],
    ['backward from a cursor inside', page(true, null, 26), 45, true],
    ['backward from the last message itself', page(true, null, 45), 45, true],
    ['backward from past the end', page(true, null, 46), 45, false],
    // Paging forward: are there messages up to `after`?
    ['forward from the first', page(false, null, null), 45, false],
    ['forward after a message', page(false, 20, null), 45, true],
    ['forward after a cursor of 0 (nothing is numbered 0)', page(false, 0, null), 45, false],
    ['in an empty sequence', page(false, 20, null), 0, false],
  ])('%s', (_, request, lastSeq, expected) => {
    expect(messagesBeyondCursor(request, lastSeq)).toBe(expected);
  });
});
