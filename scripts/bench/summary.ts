/** How the benchmark scripts record a run: the machine it ran on, and a JSON summary file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';

/** The machine a run measured, as summaries record it. */
export function machine() {
  return { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/**
 * Writes `summary` as `<out>/<time>/<fileName>` (a run's own folder, under the project when
 * `out` is relative) and prints its path as the run's last line.
 */
export function writeSummary(out: string, fileName: string, summary: unknown): string {
  const outDir = path.resolve(projectRoot, out, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, fileName);
  writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(file);
  return file;
}
