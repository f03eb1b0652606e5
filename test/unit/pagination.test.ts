/**
 * Pages both ways (src/graphql/pagination.ts): what Relay's four arguments may be, and the
 * connection a page read from either end becomes.
 */
import { describe, expect, it } from 'vitest';
import { CursorKind, encodeCursor } from '../../src/graph/cursors.js';
import { readForwardPage, readTwoWayPage, toConnection, toPageConnection, toTwoWayConnection, type TwoWayPageArgs } from '../../src/graphql/pagination.js';
import { thrownBy } from '../helpers/app-error.js';

const ctx = { app: { config: { maxPageSize: 100 } } };
const read = (args: TwoWayPageArgs) => readTwoWayPage(ctx, args, CursorKind.BY_SEQUENCE, 'end');

describe('readTwoWayPage', () => {
  it('starts from the end, 20 items, without arguments', () => {
    expect(read({})).toEqual({ size: 20, backward: true, after: null, before: null });
  });

  it('reads forward with `first`, backward with `last`, each cursor on its side', () => {
    expect(read({ first: 5, after: encodeCursor([7]) })).toEqual({ size: 5, backward: false, after: [7], before: null });
    expect(read({ last: 5, before: encodeCursor([7]) })).toEqual({ size: 5, backward: true, after: null, before: [7] });
    expect(read({ first: 3, after: encodeCursor([2]), before: encodeCursor([9]) })).toEqual({ size: 3, backward: false, after: [2], before: [9] });
  });

  it('starts from the start for most lists, and reads back from a lone `before`', () => {
    const fromStart = (args: TwoWayPageArgs) => readTwoWayPage(ctx, args, CursorKind.BY_SEQUENCE);
    expect(fromStart({})).toEqual({ size: 20, backward: false, after: null, before: null });
    expect(fromStart({ before: encodeCursor([7]) })).toEqual({ size: 20, backward: true, after: null, before: [7] });
    expect(fromStart({ after: encodeCursor([2]), before: encodeCursor([7]) })).toMatchObject({ backward: false });
  });

  it.each([
    ['`first` and `last` together', { first: 1, last: 1 }, 'last'],
    ['`last` over the limit', { last: 101 }, 'last'],
    ['`first` below 0', { first: -1 }, 'first'],
    ['`last` not whole', { last: 2.5 }, 'last'],
    ['a `before` cursor of another kind', { before: encodeCursor(['2026-01-01T00:00:00Z', 'x']) }, 'before'],
    ['a negative place', { after: encodeCursor([-1]) }, 'after'],
  ])('refuses %s, naming it', (_, args, field) => {
    expect(thrownBy(() => read(args))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('readForwardPage', () => {
  const forward = (args: TwoWayPageArgs) => readForwardPage(ctx, args, CursorKind.BY_SEQUENCE, 'it is ranked live.');

  it('reads `first`/`after` as every list does', () => {
    expect(forward({})).toEqual({ first: 20, after: null });
    expect(forward({ first: 3, after: encodeCursor([4]) })).toEqual({ first: 3, after: [4] });
  });

  it.each([
    ['`last`', { last: 2 }, 'last'],
    ['`before`', { before: encodeCursor([4]) }, 'before'],
    ['`first` with `before`', { first: 2, before: encodeCursor([4]) }, 'before'],
  ])('refuses %s, naming it and saying why', (_, args, field) => {
    expect(thrownBy(() => forward(args))).toMatchObject({ code: 'BAD_USER_INPUT', field, message: expect.stringMatching(/forward only .*ranked live/) });
  });
});

describe('toTwoWayConnection', () => {
  const key = (n: number) => [n];
  const nodes = (connection: { edges: Array<{ node: number }> }) => connection.edges.map((edge) => edge.node);

  it('turns a page read from the end round, and says whether more lie before it', () => {
    const page = { size: 3, backward: true, after: null, before: [10] };
    const full = toTwoWayConnection([9, 8, 7, 6], page, key, true);
    expect(nodes(full)).toEqual([7, 8, 9]);
    expect(full.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true, startCursor: encodeCursor([7]), endCursor: encodeCursor([9]) });
    expect(toTwoWayConnection([2, 1], page, key, false).pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
  });

  it('keeps a page read from the start in order, and says whether more lie after it', () => {
    const page = { size: 2, backward: false, after: [4], before: null };
    const connection = toTwoWayConnection([5, 6, 7], page, key, true);
    expect(nodes(connection)).toEqual([5, 6]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: encodeCursor([5]), endCursor: encodeCursor([6]) });
  });

  it('gives an empty page no cursors', () => {
    expect(toTwoWayConnection([], { size: 2, backward: true, after: null, before: null }, key, false).pageInfo).toEqual({
      hasPreviousPage: false,
      hasNextPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});

describe('toPageConnection', () => {
  it('leaves the probe row out of the page, and reports it as items past the cursor', () => {
    const page = { size: 2, backward: false, after: [4], before: null };
    const connection = toPageConnection([{ node: 5, beyond: false }, { node: 4, beyond: true }, { node: 6, beyond: false }], page, (n) => [n]);
    expect(connection.edges.map((edge) => edge.node)).toEqual([5, 6]);
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(toPageConnection([{ node: 5, beyond: false }], page, (n) => [n]).pageInfo.hasPreviousPage).toBe(false);
  });
});

describe('toConnection', () => {
  it('gives forward-only lists a start cursor, and no previous page (as Relay allows)', () => {
    const connection = toConnection([1, 2, 3], { first: 2, after: null }, (n) => [n]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor([2]), hasPreviousPage: false, startCursor: encodeCursor([1]) });
  });
});
