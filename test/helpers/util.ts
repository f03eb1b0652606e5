/** Small things most test files need. */
import { randomBytes } from 'node:crypto';

/** Eight random hex characters: a suffix no other test (or run) uses. */
export const tag = () => randomBytes(4).toString('hex');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
