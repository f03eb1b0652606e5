/**
 * Bulk credit score imports from CSV (`handle,score,source,observedAt`), through the same
 * rules as `recordCreditScore`: each row is checked, valid rows are written in batches,
 * and every rejected row is reported with its reason. Re-running a file changes nothing.
 */
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { checkObservation } from './credit.inputs.js';
import { recordObservations } from './credit.repository.js';
import type { CreditObservation } from './credit.rules.js';

export const CSV_COLUMNS = ['handle', 'score', 'source', 'observedAt'] as const;

export interface ImportProgress {
  rows: number;
  created: number;
  unchanged: number;
  rejected: number;
}

export interface Rejection {
  line: number;
  /** The row's values in CSV_COLUMNS order (or the raw line, when it could not be split). */
  fields: string[];
  reason: string;
}

export interface ImportOptions {
  recordedBy: string;
  batchSize?: number;
  now?: Date;
  onRejected: (rejection: Rejection) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export class CsvFormatError extends Error {}

/** Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote inside quotes). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new CsvFormatError('a quoted field is not closed on its line');
  fields.push(field);
  return fields;
}

/** Where each column is in a row. */
export type Columns = Record<(typeof CSV_COLUMNS)[number], number>;

/** Maps header names to positions; the four columns may come in any order. */
export function columnsOf(header: string): Columns {
  const names = parseCsvLine(header.replace(/^\uFEFF/, '')).map((name) => name.trim());
  const missing = CSV_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new CsvFormatError(`The header must name the columns ${CSV_COLUMNS.join(',')}; missing: ${missing.join(', ')}.`);
  }
  return Object.fromEntries(CSV_COLUMNS.map((column) => [column, names.indexOf(column)])) as Columns;
}

/** One row as an observation, through the same checks as recordCreditScore; throws what they throw. */
export function observationFrom(fields: string[], columns: Columns, now: Date): CreditObservation {
  const raw = (column: keyof typeof columns) => (fields[columns[column]] ?? '').trim();
  const score = raw('score');
  const observedAt = raw('observedAt');
  return checkObservation(
    {
      handle: raw('handle'),
      score: /^-?\d+$/.test(score) ? Number(score) : Number.NaN,
      source: raw('source'),
      // A date without a zone is ambiguous: only full ISO-8601 date-times are accepted.
      observedAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(observedAt) ? new Date(observedAt) : new Date(Number.NaN),
    },
    now,
  );
}

const OUTCOME_REASONS = {
  conflict: 'this source already reported a different score at that observedAt',
  'unknown-handle': 'no one has this handle',
} as const;

export async function importCreditScores(database: Database, lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportProgress> {
  const db = database.forRequest();
  const batchSize = options.batchSize ?? 1000;
  const now = options.now ?? new Date();
  const progress: ImportProgress = { rows: 0, created: 0, unchanged: 0, rejected: 0 };
  const reject = (rejection: Rejection) => {
    progress.rejected += 1;
    options.onRejected(rejection);
  };
  let columns: Columns | null = null;
  let batch: Array<{ line: number; fields: string[]; observation: CreditObservation }> = [];

  const flush = async () => {
    if (batch.length === 0) return;
    // Each new record notifies its person; an import runs outside the server, so none is announced live.
    const { outcomes } = await recordObservations(db, batch.map((item) => item.observation), options.recordedBy);
    outcomes.forEach((outcome, i) => {
      const item = batch[i]!;
      if (outcome === 'created') progress.created += 1;
      else if (outcome === 'unchanged') progress.unchanged += 1;
      else reject({ line: item.line, fields: item.fields, reason: OUTCOME_REASONS[outcome] });
    });
    batch = [];
    options.onProgress?.(progress);
  };

  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    if (!columns) {
      columns = columnsOf(line);
      continue;
    }
    progress.rows += 1;
    let fields: string[] = [];
    try {
      const parsed = parseCsvLine(line);
      // Reported in the report's column order, whatever the file's order was.
      fields = CSV_COLUMNS.map((column) => parsed[columns![column]] ?? '');
      batch.push({ line: lineNumber, fields, observation: observationFrom(parsed, columns, now) });
    } catch (error) {
      if (!(error instanceof AppError || error instanceof CsvFormatError)) throw error;
      reject({ line: lineNumber, fields: fields.length ? fields : [line], reason: error.message });
    }
    if (batch.length >= batchSize) await flush();
  }
  if (!columns) throw new CsvFormatError(`The file is empty; it needs a header line: ${CSV_COLUMNS.join(',')}.`);
  await flush();
  return progress;
}
