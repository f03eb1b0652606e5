/** npm run privacy:doc — writes docs/privacy.md from the disclosure policy (see scripts/lib/privacy-doc.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import { PRIVACY_DOC, renderPrivacyDoc } from './lib/privacy-doc.js';

writeFileSync(path.join(projectRoot, PRIVACY_DOC), renderPrivacyDoc());
console.log(`Wrote ${PRIVACY_DOC}`);
