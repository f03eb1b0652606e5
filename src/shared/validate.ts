/**
 * Checks for the text people type. Each returns the normalised value or throws
 * BAD_USER_INPUT naming the field and saying what is allowed.
 */
import { badInput } from '../errors.js';
import { codePointName, refusedCharacter } from './characters.js';

export interface TextRule {
  min: number;
  max: number;
  /** Refuse newlines and tabs too (names, handles, titles). */
  singleLine?: boolean;
}

/**
 * Trims, normalises to NFC, and checks length (in characters, not bytes) and characters
 * (./characters.ts: no control, format, invisible or unassigned ones).
 */
export function text(field: string, value: string, rule: TextRule): string {
  const normalised = value.normalize('NFC').trim();
  const length = [...normalised].length;
  if (length < rule.min || length > rule.max) {
    const range = rule.min === rule.max ? `${rule.min}` : `${rule.min} to ${rule.max}`;
    throw badInput(field, `${field} must be ${range} characters long (after trimming spaces); got ${length}.`);
  }
  const refused = refusedCharacter(normalised, rule.singleLine ?? false);
  if (refused) {
    throw badInput(field, `${field} contains ${codePointName(refused.codePoint)}, ${refused.why}; remove it and try again.`);
  }
  return normalised;
}

/** Optional text: null and undefined pass through; an empty string clears the value. */
export function optionalText(field: string, value: string | null | undefined, rule: Omit<TextRule, 'min'>): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : text(field, trimmed, { ...rule, min: 1 });
}

const HANDLE = /^[a-z][a-z0-9_]{2,29}$/;

/**
 * Handles are compared in one form: Unicode NFKC (so full-width and other look-alike
 * forms fold together) and lower case. `Ｗang_Fang` and `wang_fang` are the same handle.
 */
export function normaliseHandle(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

export function handle(field: string, value: string): string {
  const normalised = normaliseHandle(value);
  if (!HANDLE.test(normalised)) {
    throw badInput(
      field,
      `${field} must be 3 to 30 characters: a letter first, then letters, digits or underscores (for example "wang_fang88").`,
    );
  }
  return normalised;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slug(field: string, value: string, max = 48): string {
  const normalised = value.normalize('NFKC').trim().toLowerCase();
  if (normalised.length < 2 || normalised.length > max || !SLUG.test(normalised)) {
    throw badInput(field, `${field} must be 2 to ${max} characters of lower-case letters and digits, words joined by single hyphens (for example "tea-culture").`);
  }
  return normalised;
}
