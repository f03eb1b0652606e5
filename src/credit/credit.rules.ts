/**
 * What becomes of an observation sent twice in one batch. The database judges each fact
 * once (it cannot see a repeat that is not written yet), so a repeat is never sent: it is
 * judged here against the first report of the same fact in the batch.
 *
 * Shape: pure functions from the batch (and what the database said of the facts sent) to
 * outcomes. The checks on a single observation are `checkObservation` (credit.inputs.ts).
 */

export interface CreditObservation {
  handle: string;
  score: number;
  source: string;
  observedAt: Date;
}

/**
 * What became of one observation: `created` (a new record), `unchanged` (the same
 * observation was already recorded), `conflict` (this source already reported a
 * different score for that moment; nothing changed), `unknown-handle`.
 */
export type RecordOutcome = 'created' | 'unchanged' | 'conflict' | 'unknown-handle';

/** One fact: the same person, source and moment (the record's identity in the graph). */
const factOf = (o: CreditObservation) => `${o.handle}\u0000${o.source}\u0000${o.observedAt.toISOString()}`;

/** For each observation, the index of the first in the batch to report the same fact (its own, if it is first). */
export function firstReports(observations: readonly CreditObservation[]): number[] {
  const firstByFact = new Map<string, number>();
  return observations.map((o, index) => {
    const fact = factOf(o);
    if (!firstByFact.has(fact)) firstByFact.set(fact, index);
    return firstByFact.get(fact)!;
  });
}

/**
 * Every observation's outcome. `written` is the database's answer for the first reports
 * it matched to a person (the others' handles are unknown). A repeat shares its first's
 * fate when that handle is unknown; otherwise it is `unchanged` if it agrees with the first
 * report's score and a `conflict` if not, whatever the database held before.
 */
export function batchOutcomes(
  observations: readonly CreditObservation[],
  firsts: readonly number[],
  written: ReadonlyArray<{ index: number; outcome: RecordOutcome }>,
): RecordOutcome[] {
  const outcomes: RecordOutcome[] = observations.map(() => 'unknown-handle');
  for (const row of written) outcomes[row.index] = row.outcome;
  observations.forEach((o, index) => {
    const first = firsts[index]!;
    if (first !== index && outcomes[first] !== 'unknown-handle') {
      outcomes[index] = observations[first]!.score === o.score ? 'unchanged' : 'conflict';
    }
  });
  return outcomes;
}
