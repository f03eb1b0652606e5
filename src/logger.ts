import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

// Secrets that must never reach a log line, wherever they appear in a logged object.
const redact = [
  'password',
  '*.password',
  'input.password',
  'variables.input.password',
  'token',
  '*.token',
  'headers.authorization',
  'authorization',
];

/** Pretty lines only for a person at a terminal in development, and only when pino-pretty is installed. */
function prettyTransport(config: Pick<Config, 'nodeEnv'>) {
  if (config.nodeEnv !== 'development' || !process.stdout.isTTY) return undefined;
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } };
}

/** `destination` replaces stdout (tests read the lines a server writes). */
export function createLogger(config: Pick<Config, 'logLevel' | 'nodeEnv'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, base: { service: 'quanzi' }, redact: { paths: redact, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino({ ...options, transport: prettyTransport(config) });
}
