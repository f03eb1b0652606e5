/**
 * npm run import:credit -- <file.csv> [--report <rejected.csv>] [--batch 1000]
 *
 * Loads credit scores from a CSV with the columns handle,score,source,observedAt
 * (observedAt: ISO-8601 with a zone, e.g. 2026-10-01T08:00:00Z) through the same rules as
 * the recordCreditScore mutation. Safe to re-run: rows already recorded change nothing.
 * Rejected rows go to the report (line, the row, and why); progress goes to stderr.
 */
import 'reflect-metadata';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../src/config.js';
import { CSV_COLUMNS, CsvFormatError, importCreditScores } from '../src/credit/credit.import.js';
import { connectDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import { createLogger } from '../src/logger.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { report: { type: 'string' }, batch: { type: 'string', default: '1000' } },
});
const file = positionals[0];
const batchSize = Number(values.batch);
if (!file || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
  console.error('Usage: npm run import:credit -- <file.csv> [--report <rejected.csv>] [--batch 1000]');
  process.exit(2);
}
let size: number;
try {
  size = statSync(file).size;
} catch {
  console.error(`Cannot read ${file}.`);
  process.exit(1);
}
const reportPath = values.report ?? file.replace(/(\.csv)?$/i, '.rejected.csv');
const csvField = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

loadDotEnv();
const config = loadConfig();
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }));
const report = createWriteStream(reportPath);
report.write(['line', ...CSV_COLUMNS, 'reason'].join(',') + '\n');
const input = createReadStream(file, { encoding: 'utf8' });
const started = Date.now();
const interactive = process.stderr.isTTY;
let lastDraw = 0;

try {
  await migrate(connection.database);
  const result = await importCreditScores(connection.database, createInterface({ input, crlfDelay: Infinity }), {
    recordedBy: `import:${path.basename(file)}`,
    batchSize,
    onRejected: ({ line, fields, reason }) => report.write([line, ...fields.slice(0, 4), reason].map(csvField).join(',') + '\n'),
    onProgress: ({ rows, rejected }) => {
      if (Date.now() - lastDraw < (interactive ? 200 : 5000)) return;
      lastDraw = Date.now();
      const percent = size ? Math.min(100, Math.round((input.bytesRead / size) * 100)) : 100;
      const rate = Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
      process.stderr.write(`${interactive ? '\r' : ''}${percent}%  ${rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s  ${rejected} rejected${interactive ? '' : '\n'}`);
    },
  });
  if (interactive) process.stderr.write('\n');
  await new Promise<void>((resolve) => report.end(resolve));
  console.log(
    `${result.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.created} recorded, ` +
      `${result.unchanged} already recorded, ${result.rejected} rejected` +
      (result.rejected ? ` (see ${reportPath})` : '') +
      '.',
  );
} catch (error) {
  if (!(error instanceof CsvFormatError)) throw error;
  console.error(`${file}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await connection.close();
}
