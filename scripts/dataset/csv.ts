/**
 * CSV files in the form Neo4j's offline importer reads: a header row of typed columns
 * (`id:ID(User)`, `score:long`, `at:datetime`, `:START_ID(User)`…), then one row per node
 * or relationship. A missing value (null) is an empty field, which the importer leaves
 * unset, as CREATE leaves a null property unset.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** A column: its header (name and type) and how a row gives its value. */
export type Column<Row> = [header: string, value: (row: Row) => unknown];

const FLUSH_AT = 1 << 20;

/** Strings are quoted (bodies hold commas and quotes); arrays (of numbers) use the importer's `;` delimiter. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  // The importer leaves an empty field unset, whether quoted or not: it stores no empty list.
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

export class CsvFile<Row> {
  private readonly fd: number;
  private buffer = '';
  count = 0;

  constructor(readonly file: string, private readonly columns: Array<Column<Row>>) {
    this.fd = openSync(file, 'w');
    this.buffer = `${columns.map(([header]) => header).join(',')}\n`;
  }

  write(row: Row): void {
    this.buffer += `${this.columns.map(([, value]) => csvField(value(row))).join(',')}\n`;
    this.count++;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
