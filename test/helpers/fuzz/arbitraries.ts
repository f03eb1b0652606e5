/**
 * The fuzz tests' generators: strange strings (control, bidi, invisible and combining
 * characters, look-alikes, ill-formed UTF-16, injections, lengths at every rule's edge, big
 * bodies), values of the wrong type, and for each kind of argument a mix of plausible values
 * and trouble.
 */
import fc from 'fast-check';
import { INTEREST_CATALOGUE } from '../../../src/db/interest-catalogue.js';
import { PASSWORD } from '../people.js';
import { EnumValue, RawJson } from './harness.js';
import { holdsRefusedCharacter, type World } from './world.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const C0 = range(0x00, 0x1f);
const C1 = range(0x7f, 0x9f);
const BIDI = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069), '\u200e', '\u200f', '\u061c'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u00ad', '\u180e', '\u034f', '\u115f', '\u3164', '\u{e0001}', '\u{e0041}'];
const SPACES = ['\u00a0', '\u1680', '\u2000', '\u2003', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];
const COMBINING = [...range(0x300, 0x36f), '\u20dd', '\u0489', '\u1ab0', '\u{1d167}'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '🧑🏿‍🚀', '❤️', '#️⃣', '\u{1f9d1}\u{200d}\u{1f4bb}'];
const FULL_WIDTH = range(0xff01, 0xff5e);
const LOOK_ALIKES = ['а', 'е', 'о', 'р', 'с', 'х', 'і', 'ı', 'İ', 'ſ', 'K', 'ﬁ', 'ﬀ', 'ℌ', '𝐚', '𝕒', 'ⓐ', 'ᵃ', '²', 'ⅱ', 'ℓ', 'µ', 'Ω', 'ǅ'];
const ILL_FORMED = ['\ud800', '\udfff', '\udbff\udbff', 'a\ud83d', '\ude00b', '\ufffe', '\uffff', '\u{10ffff}', '\ufdd0', '\ufffd'];
const INJECTIONS = [
  "' OR 1=1 --",
  '" OR ""="',
  '") RETURN n //',
  "'}) MATCH (u:User) DETACH DELETE u //",
  '"}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN x //',
  'MATCH (n) DETACH DELETE n',
  '`) RETURN 1 //',
  '$handle',
  '{handle: $handle}',
  'CALL db.labels()',
  'CALL dbms.components() YIELD name RETURN name',
  'LOAD CSV FROM "file:///etc/passwd" AS l RETURN l',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '$where',
  '{"$where": "sleep(1000)"}',
  '{"$gt": ""}',
  '\u0000',
  'nul\u0000l',
  '%00',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '; DROP TABLE users; --',
  "Robert'); DROP TABLE Students;--",
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '%s%s%s%s%n',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  'query { __schema { types { name } } }',
  'mutation { deleteMyAccount(password: "x") }',
  '\\',
  '\\u0000',
  '"',
  "'",
  '`',
  '${process.exit(1)}',
  'A'.repeat(64),
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{2,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...C0, ...C1) },
  { weight: 2, arbitrary: fc.constantFrom(...BIDI) },
  { weight: 2, arbitrary: fc.constantFrom(...INVISIBLE) },
  { weight: 1, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 2, arbitrary: fc.constantFrom(...COMBINING) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...FULL_WIDTH) },
  { weight: 2, arbitrary: fc.constantFrom(...LOOK_ALIKES) },
  { weight: 1, arbitrary: fc.constantFrom(...ILL_FORMED) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
);
const mixedString = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));

const LENGTHS = [0, 1, 2, 3, 29, 30, 31, 48, 49, 79, 80, 81, 99, 100, 101, 199, 200, 201, 279, 280, 281, 499, 500, 501, 999, 1000, 1001, 4999, 5000, 5001];
/** Exactly at and around every length rule, in units that count differently (bytes, code units, code points, NFC). */
const lengthBoundary = fc
  .tuple(fc.constantFrom('x', '中', '😀', 'e\u0301', 'ﬁ', '\u3000'), fc.constantFrom(...LENGTHS), fc.constantFrom('', '  ', '\t', '\u3000'))
  .map(([unit, n, pad]) => `${pad}${unit.repeat(n)}${pad}`);

/** Big strings: under and over MAX_BODY_BYTES (100 KB by default). */
const hugeString = fc
  .tuple(fc.constantFrom('a', 'é', '中', '😀', '\u0000', '\u202e', 'e\u0301', 'ﬁ', ' ', '\\', '"', '<script>'), fc.constantFrom(6_000, 40_000, 90_000, 101_000, 140_000, 210_000))
  .map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));

export const weirdString = fc.oneof(
  { weight: 5, arbitrary: mixedString },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: lengthBoundary },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u200b') },
);

/** Values of the wrong JSON type for any argument. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(new RawJson('{"__proto__": {"isAdmin": true}}'), new RawJson('[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]'), new RawJson('{"$where": "1"}')),
);

/**
 * Every argument mixes plausible values (valid, or one normalisation away from valid) with
 * trouble. `p` weighs the plausible ones: a run is either chaos (p = 1: most fields odd) or
 * near-valid (p = 12: mostly one odd field at a time), so that successes, and the oracles
 * on them, are reached as well as refusals.
 */
const pick = (p: number, plausible: fc.Arbitrary<unknown>, trouble: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: p, arbitrary: plausible }, { weight: 2, arbitrary: trouble });

/** Valid text for every text rule that allows 1–80 characters on one line, odd but acceptable. */
const VALID_TEXTS = [
  'Hello', 'Tea at three?', '王芳', '  padded  ', 'Café', 'Cafe\u0301', 'Ｈｅｌｌｏ', 'Tea 🍵', 'ﬁne', '👍🏽', '🇨🇳 中国',
  "' OR 1=1 --", '") RETURN n //', 'MATCH (n) DETACH DELETE n', '{{7*7}}', '${7*7}', '<script>alert(1)</script>', '$where', '__proto__',
  '%s%s%n', '\\', '"', "Robert'); DROP TABLE Students;--", 'x'.repeat(80), '中'.repeat(80), '😀'.repeat(80), 'e\u0301'.repeat(80),
];
export const plausibleText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALID_TEXTS) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== '' && !holdsRefusedCharacter(t.normalize('NFC')) && !/[\r\n\t]/.test(t)),
  },
);
export const textArg = (p: number) =>
  pick(p, plausibleText, fc.oneof({ weight: 8, arbitrary: weirdString }, { weight: 1, arbitrary: fc.constantFrom('line one\nline two', 'tab\there') }, { weight: 1, arbitrary: wrongType }));

export const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Forms that NFKC, trimming and lower-casing fold back into `s`. */
export const foldsOf = (s: string) => fc.constantFrom(s, s, s.toUpperCase(), fullWidth(s), fullWidth(s.toUpperCase()), `  ${s}\u3000`, `\u00a0${s}`, s.replace(/s/g, 'ſ').replace(/k/g, '\u212a'), s.replace(/fi/g, 'ﬁ'));
/** Forms that look the same and do not fold (or are not even allowed). */
const nonFoldsOf = (s: string) =>
  fc.constantFrom(`${s}\u200b`, `\u202e${s}`, s.replace(/a/g, 'а').replace(/e/g, 'е').replace(/o/g, 'о'), s.normalize('NFD') + '\u0301', `${s}\u0000`, s.replace(/i/g, 'ı'), `${s}\u00ad`);

export const handleArg = (world: World, p: number) =>
  pick(
    p,
    fc.constantFrom(...world.people.map((person) => person.handle)).chain(foldsOf),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...world.people.map((person) => person.handle)).chain(nonFoldsOf) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{2,29}$/) },
      { weight: 4, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );

export const slugArg = (world: World, p: number) =>
  pick(
    p,
    // The world's circle, and one no test has (circle slugs are global: stay in our namespace).
    fc.constantFrom(world.circle.slug, `${world.circle.slug}-none`).chain(foldsOf),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(world.circle.slug, 'tea-culture').chain(nonFoldsOf) },
      { weight: 1, arbitrary: fc.constantFrom('tea--culture', '-tea', 'tea-', 'tea_culture', 'a', 'a'.repeat(48), 'a'.repeat(49), 'TEA CULTURE') },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,10}(?:-[a-z0-9]{1,8}){0,2}$/).map((t) => `zz-fuzz-${t}`) },
      { weight: 3, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );

const CATALOGUE = INTEREST_CATALOGUE.map((i) => i.slug);
export const slugList = (world: World, p: number) =>
  pick(
    p,
    fc.uniqueArray(fc.constantFrom(...CATALOGUE).chain(foldsOf), { minLength: 1, maxLength: 5 }),
    fc.oneof(
      { weight: 3, arbitrary: fc.array(slugArg(world, 1), { maxLength: 6 }) },
      { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...CATALOGUE), { minLength: 28, maxLength: 33 }) },
      { weight: 1, arbitrary: fc.constantFrom(Array(3000).fill('tea-culture'), Array(40).fill('TEA-CULTURE'), [null], [['tea-culture']], [], ['tea-culture', 'TEA-CULTURE', 'ｔｅａ-ｃｕｌｔｕｒｅ']) },
      { weight: 1, arbitrary: wrongType },
    ),
  );

const INT_BOUNDARIES = [0, -1, 1, 349, 350, 351, 549, 550, 599, 600, 649, 650, 699, 700, 720, 721, 949, 950, 951, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e21];
const RAW_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '350.0', '3.5e2', '-0', '9007199254740993', '1' + '0'.repeat(400), '01', '.5', '+1', '0x15E', '1_000', 'undefined', '350e-0'];
export const intArg = (p: number, min = 350, max = 950) =>
  pick(
    p,
    fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...INT_BOUNDARIES) },
      { weight: 2, arbitrary: fc.integer({ min: 300, max: 1000 }) },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 2, arbitrary: fc.constantFrom(349.5, 350.0001, 0.5, -0.5, 1e-7, 950.0000000000001, 700.1) },
      { weight: 1, arbitrary: fc.constantFrom('350', '9.5e2', 'NaN', 'Infinity', '', ' 700 ', '0x2BC') },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS.map((t) => new RawJson(t))) },
      { weight: 1, arbitrary: wrongType },
    ),
  );
export const floatArg = (p: number) =>
  pick(
    p,
    fc.oneof(fc.double({ min: Number.EPSILON, max: 1, noNaN: true }), fc.constantFrom(1, 0.5, 5e-324, 1e-300)),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(0, -0, 1.0000000000000002, 2, -1, 1e308, -5e-324, 2 ** 31, -(2 ** 31) - 1) },
      { weight: 2, arbitrary: fc.double().map((d) => (Number.isFinite(d) ? d : new RawJson(String(d)))) },
      { weight: 1, arbitrary: fc.constantFrom('0.5', '1', 'NaN', 'Infinity', '') },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS.map((t) => new RawJson(t))) },
      { weight: 1, arbitrary: wrongType },
    ),
  );
export const boolArg = (p: number) =>
  pick(p, fc.boolean(), fc.oneof(fc.constantFrom('true', 'false', 0, 1, '', 'TRUE', new RawJson('True'), new RawJson('tru')), wrongType));
export const enumArg = (values: string[], p: number) =>
  pick(
    p,
    fc.constantFrom(...values).map((v) => new EnumValue(v)),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...values).chain((v) => fc.constantFrom(v.toLowerCase(), fullWidth(v), ` ${v}`, `${v}\u200b`)).map((v) => new EnumValue(v)) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'ADMIN', 'true', 'null', '').map((v) => new EnumValue(v)) },
      { weight: 1, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );
const BASE_TIME = Date.parse('2025-06-01T00:00:00Z');
export const dateArg = (p: number) =>
  pick(
    p,
    fc.oneof(
      fc.integer({ min: 0, max: 10 * 365 * 86_400 }).map((s) => new Date(BASE_TIME - s * 1000).toISOString()),
      fc.constantFrom('2025-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z', '2024-02-29T12:00:00Z', '2024-01-01T00:00:00+14:00', '2024-01-01T00:00:00.123456789Z'),
    ),
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2023-02-29T12:00:00Z', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z',
          '2016-12-31T23:59:60Z', '2024-01-01T24:00:00Z', '2024-01-01', '2024-01-01T00:00:00', '2024-01-01 00:00:00Z',
          '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', 'now', '', 'yesterday', '2024-W01', '２０２４-０１-０１T00:00:00Z',
        ),
      },
      { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
      { weight: 1, arbitrary: fc.constantFrom(0, -1, 1_700_000_000_000, 8.64e15, new RawJson('1e400')) },
      { weight: 1, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );
/** Passwords are compared in NFKC (src/auth/passwords.ts): the first three are the password, the rest are not. */
const PASSWORD_FOLDS = [PASSWORD, fullWidth(PASSWORD), PASSWORD.replace(/ /g, '\u3000')];
const PASSWORD_MISSES = [PASSWORD.toUpperCase(), ` ${PASSWORD}`, `${PASSWORD} `, PASSWORD.slice(0, -1), `${PASSWORD}\u200b`, `${PASSWORD}\u0000`, PASSWORD.replace('o', 'о')];
export const passwordArg = (p: number) =>
  pick(
    p,
    fc.constantFrom(...PASSWORD_FOLDS),
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...PASSWORD_MISSES) },
      { weight: 4, arbitrary: weirdString },
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(9), 'x'.repeat(10), 'x'.repeat(200), 'x'.repeat(201), '😀'.repeat(10), '😀'.repeat(201)) },
      { weight: 1, arbitrary: wrongType },
    ),
  );
/** An id among `ids` (a post's, a comment's), or something near it, or nothing like it. */
const oneOfIds = (ids: string[], p: number) =>
  pick(
    p,
    fc.constantFrom(...ids),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...ids).chain((id) => fc.constantFrom(id.toUpperCase(), ` ${id}`, fullWidth(id), `${id}\u0000`)) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: weirdString },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 1, arbitrary: wrongType },
    ),
  );
export const idArg = (world: World, p: number) => oneOfIds([world.memberPost, world.ownerPost], p);
export const commentIdArg = (world: World, p: number) => oneOfIds([world.memberComment, world.ownerReply], p);
/** A secret the world holds (a refresh token, a session id), or things that look almost like it. */
export const secretArg = (secret: string, p: number) =>
  pick(
    p,
    fc.constant(secret),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(secret.toUpperCase(), ` ${secret}`, `${secret} `, secret.slice(0, -1), `${secret}\u0000`, fullWidth(secret)) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );
/** Input objects: fields sometimes missing, sometimes extra ones a client has no business sending. */
export const inputObject = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constantFrom({ isAdmin: true }, { id: 'someone-else' }, { role: 'OWNER' }, { passwordHash: 'scrypt$1$1$1$x$y' }, { verified: true }) },
      ),
    )
    .map(([record, extra]) => ({ ...record, ...extra }));
/** Mostly every field present, so that the values (not the shape) are what is tested. */
export const mostlyComplete = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[]) =>
  fc.oneof({ weight: 5, arbitrary: fc.record(fields, { requiredKeys: required }) }, { weight: 1, arbitrary: inputObject(fields) });
