/**
 * npm run token -- --role CREDIT_BUREAU [--ttl-hours 24]
 *
 * Prints a service token signed with the server's own secret (JWT_SECRET, or the
 * development secret in the data folder), for trusted services such as a credit bureau.
 */
import { parseArgs } from 'node:util';
import { SERVICE_ROLES, parseRole } from '../src/auth/roles.js';
import { resolveJwtSecrets } from '../src/auth/secret.js';
import { TokenService } from '../src/auth/tokens.js';
import { loadConfig, loadDotEnv } from '../src/config.js';

const { values } = parseArgs({ options: { role: { type: 'string' }, 'ttl-hours': { type: 'string', default: '24' } } });
const role = parseRole(values.role ?? '');
const ttlHours = Number(values['ttl-hours']);
if (!role || !SERVICE_ROLES.includes(role)) {
  console.error(`Usage: npm run token -- --role <${SERVICE_ROLES.join('|')}> [--ttl-hours 24]`);
  process.exit(2);
}
if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > 24 * 90) {
  console.error('--ttl-hours must be a number of hours from 1 to 2160 (90 days).');
  process.exit(2);
}
loadDotEnv();
const config = loadConfig();
const tokens = new TokenService({
  secrets: resolveJwtSecrets(config),
  ttlSeconds: config.jwt.ttlSeconds,
  issuer: config.jwt.issuer,
  audience: config.jwt.audience,
});
const { token, expiresAt } = tokens.issueForService(role, Math.round(ttlHours * 3600));
console.error(`A ${role} token, valid until ${expiresAt.toISOString()}:`);
console.log(token);
