/**
 * What makes two worlds' answers comparable, and what tells a developer where they differ.
 *
 * Normalising replaces what is meant to differ between two builds of a world and nothing
 * else: ids become the logical names the builder recorded (`@alice`, `circle:c0-tea`,
 * `post:3`; an id it does not know becomes `#n`, by first appearance in the answer),
 * ISO-8601 times and epoch milliseconds become `<time>`, and cursors (base64url JSON) are
 * decoded so that the ids and times inside them are normalised the same way; everything
 * else in a cursor (names, bands, relevance) is kept. Scores, bands, counts and order are
 * never touched.
 */
import { isExempt } from './exceptions.js';
import { isPlumbing, type Field, type Sel } from './operations.js';
import type { SecretKind } from './worlds.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/g;
/** 2000-01-01 to 2100-01-01 in epoch milliseconds: far above any score or count. */
const EPOCH_MS = [946_684_800_000, 4_102_444_800_000] as const;
const CURSOR_KEYS = new Set(['cursor', 'endCursor', 'startCursor', 'after', 'before']);

export const TIME = '<time>';

/** Reads a cursor as base64url JSON; undefined when it is not one. */
function decodeCursor(value: string): unknown {
  try {
    const text = Buffer.from(value, 'base64url').toString('utf8');
    if (Buffer.from(text).toString('base64url') !== value.replace(/=+$/, '')) return undefined;
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class Normaliser {
  constructor(private readonly names: ReadonlyMap<string, string>) {}

  /** A normalised copy of one answer; unknown ids are numbered afresh for each answer. */
  answer(value: unknown): unknown {
    return this.walk(value, '', new Map());
  }

  private walk(value: unknown, key: string, unknown: Map<string, string>): unknown {
    if (typeof value === 'string') return this.text(value, key, unknown);
    if (typeof value === 'number' && Number.isInteger(value) && value >= EPOCH_MS[0] && value <= EPOCH_MS[1]) return TIME;
    if (Array.isArray(value)) return value.map((item) => this.walk(item, key, unknown));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.walk(v, k, unknown)]));
    }
    return value;
  }

  private text(value: string, key: string, unknown: Map<string, string>): string {
    if (CURSOR_KEYS.has(key)) {
      const decoded = decodeCursor(value);
      if (decoded !== undefined && typeof decoded === 'object' && decoded !== null) {
        return `cursor ${JSON.stringify(this.walk(decoded, '', unknown))}`;
      }
    }
    if (new RegExp(`^${ISO_TIME.source}$`).test(value)) return TIME;
    return value.replace(UUID, (id) => this.name(id, unknown)).replace(ISO_TIME, TIME);
  }

  private name(id: string, unknown: Map<string, string>): string {
    const known = this.names.get(id.toLowerCase());
    if (known) return known;
    let numbered = unknown.get(id);
    if (!numbered) unknown.set(id, (numbered = `#${unknown.size + 1}`));
    return numbered;
  }
}

// ---------------------------------------------------------------------------------------
// Differences

export type Path = Array<string | number>;

export interface Difference {
  path: Path;
  a: unknown;
  b: unknown;
}

/** What an item of a list is (its cursor, id, handle or slug, or that of its node or user), if it says. */
function identity(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const item = value as Record<string, unknown>;
  for (const key of ['cursor', 'id', 'handle', 'slug']) if (typeof item[key] === 'string') return `${key} ${item[key]}`;
  for (const key of ['node', 'user']) {
    const inner = identity(item[key]);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Every place two normalised answers differ. A list of another length differs as a whole,
 * and so does an item that is another item (another id or cursor at that place): the list
 * shows something else, rather than the same thing with other fields.
 */
export function differences(a: unknown, b: unknown, path: Path = [], out: Difference[] = [], limit = 200): Difference[] {
  if (out.length >= limit) return out;
  if (Object.is(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push({ path, a, b });
      return out;
    }
    a.forEach((item, i) => {
      if (identity(item) !== identity(b[i])) out.push({ path: [...path, i], a: item, b: b[i] });
      else differences(item, b[i], [...path, i], out, limit);
    });
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [...path, key], out, limit);
    return out;
  }
  out.push({ path, a, b });
  return out;
}

export function formatPath(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** A value in one line, cut to `max` characters. */
export function compact(value: unknown, max = 400): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

// ---------------------------------------------------------------------------------------
// Which field an answer path belongs to

/** The selections under `sel` answered under the response key `key` (fragments looked through). */
function childrenNamed(sels: Sel[], key: string): Field[] {
  const out: Field[] = [];
  for (const sel of sels) {
    if (sel.kind === 'field' && sel.name === key) out.push(sel);
    if (sel.kind === 'fragment') out.push(...childrenNamed(sel.children, key));
  }
  return out;
}

/**
 * The `Type.field` an answer path (below the root field's value) belongs to: the deepest
 * field on it that is not list plumbing (a difference in `edges` or `pageInfo` is the
 * connection's owner's).
 */
export function fieldAt(root: Field, path: Path): string {
  let meaningful = `${root.parent}.${root.name}`;
  /** The field whose list the path last went into: a different key there is a different item in that list. */
  let list: string | null = null;
  let keyLeaf = false;
  let level: Sel[] = root.children;
  for (const part of path) {
    if (typeof part === 'number') {
      list = meaningful;
      continue;
    }
    const matches = childrenNamed(level, part);
    if (matches.length === 0) break;
    const field = matches[0]!;
    keyLeaf = field.children.length === 0 && ['id', 'handle', 'slug', 'cursor', '__typename'].includes(field.name);
    if (!isPlumbing(field.parent) && field.name !== '__typename') meaningful = `${field.parent}.${field.name}`;
    level = matches.flatMap((match) => match.children);
  }
  return keyLeaf && list ? list : meaningful;
}

/**
 * A copy of the value with every field listed in exceptions.ts (for this kind) replaced by
 * a marker, so it does not count as a difference.
 */
export function withoutExempt(value: unknown, sels: Sel[], kind: SecretKind): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutExempt(item, sels, kind));
  if (!value || typeof value !== 'object' || sels.length === 0) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const matches = childrenNamed(sels, key);
      const exempt = matches.map((m) => isExempt(`${m.parent}.${m.name}`, kind)).find(Boolean);
      if (exempt) return [key, `<exempt: ${exempt.field}>`];
      return [key, withoutExempt(inner, matches.flatMap((m) => m.children), kind)];
    }),
  );
}

/** The selection pruned to the paths given (keys kept): an operation that shows just those answers. */
export function pruneTo(root: Field, paths: Path[]): Field {
  const keep = (sels: Sel[], rest: Path[]): Sel[] => {
    const wanted = new Map<string, Path[]>();
    for (const path of rest) {
      const [head, ...tail] = path.filter((part) => typeof part === 'string') as string[];
      if (head === undefined) continue;
      wanted.set(head, [...(wanted.get(head) ?? []), tail]);
    }
    const out: Sel[] = [];
    for (const sel of sels) {
      if (sel.kind === 'fragment') {
        const inner = keep(sel.children, rest);
        if (inner.length > 0) out.push({ ...sel, children: inner });
        continue;
      }
      const isKey = sel.children.length === 0 && ['__typename', 'id', 'handle', 'slug'].includes(sel.name);
      const tails = wanted.get(sel.name);
      if (!tails && !isKey) continue;
      if (!tails || tails.some((tail) => tail.length === 0) || sel.children.length === 0) {
        out.push(sel);
        continue;
      }
      const children = keep(sel.children, tails);
      if (children.length > 0) out.push({ ...sel, children });
    }
    return out;
  };
  return { ...root, children: keep(root.children, paths) };
}
