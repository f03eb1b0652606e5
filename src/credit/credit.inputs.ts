import { badInput } from '../errors.js';
import { MAX_SCORE, MIN_SCORE } from '../privacy/credit-bands.js';
import { handle, text } from '../shared/validate.js';
import type { CreditObservation } from './credit.rules.js';

/** Clocks disagree a little; an observation this far ahead of ours still counts as "now". */
const CLOCK_SKEW_MS = 60_000;

/** The rules every credit observation meets, from the API and from CSV imports alike. */
export function checkObservation(input: CreditObservation, now = new Date()): CreditObservation {
  if (!Number.isInteger(input.score) || input.score < MIN_SCORE || input.score > MAX_SCORE) {
    throw badInput('score', `score must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}; got ${input.score}.`);
  }
  if (!(input.observedAt instanceof Date) || Number.isNaN(input.observedAt.getTime())) {
    throw badInput('observedAt', 'observedAt must be an ISO-8601 date-time, e.g. 2026-01-31T09:00:00Z.');
  }
  if (input.observedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw badInput('observedAt', `observedAt (${input.observedAt.toISOString()}) is in the future; record a score once it has been observed.`);
  }
  return {
    handle: handle('handle', input.handle),
    score: input.score,
    source: text('source', input.source, { min: 1, max: 100, singleLine: true }),
    observedAt: input.observedAt,
  };
}
