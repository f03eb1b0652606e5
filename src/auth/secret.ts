import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/**
 * The secrets tokens are signed and verified with. JWT_SECRET (comma-separated: the
 * first signs, the rest still verify, for rotation) wins; in development and tests a
 * secret is generated once and kept in `<dataDir>/secrets/jwt-secret`, never in code.
 */
export function resolveJwtSecrets(config: Pick<Config, 'jwt' | 'dataDir'>): string[] {
  if (config.jwt.secret) return config.jwt.secret.split(',').map((s) => s.trim()).filter(Boolean);
  const file = path.join(config.dataDir, 'secrets', 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first; theirs is the one to use.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return [readFileSync(file, 'utf8').trim()];
}
