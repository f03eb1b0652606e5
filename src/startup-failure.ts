/**
 * What `npm start` (and `npm run neo4j`) print when they cannot start: one paragraph saying
 * what to do, never a stack trace. LOG_LEVEL=debug or trace adds the stack, for a bug report.
 */
import { ConfigError } from './config.js';
import { DatabaseUnreachableError } from './db/connect.js';
import { LocalNeo4jError } from './db/local/local-neo4j.js';

export function startupFailure(error: unknown, logLevel = process.env.LOG_LEVEL): string {
  if (error instanceof ConfigError || error instanceof LocalNeo4jError || error instanceof DatabaseUnreachableError) {
    return `Quanzi cannot start: ${error.message}`;
  }
  const failed = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (failed?.code === 'EADDRINUSE') {
    return (
      `Quanzi cannot start: port ${failed.port} on ${failed.address} is already in use (another Quanzi, or another server). ` +
      'Stop it, or set PORT to a free port (PORT=0 lets the system pick one).'
    );
  }
  if (failed?.code === 'EACCES' || failed?.code === 'EADDRNOTAVAIL') {
    return `Quanzi cannot start: it may not listen on ${failed.address}:${failed.port} (${failed.code}). Set HOST to an address of this machine and PORT to one above 1023.`;
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const details = /^(debug|trace)$/.test(logLevel ?? '') && error instanceof Error ? `\n${error.stack}` : '';
  return (
    `Quanzi failed to start: ${message}. This was not expected; run again with LOG_LEVEL=debug to see where it ` +
    `happened, and report it with that output.${details}`
  );
}
