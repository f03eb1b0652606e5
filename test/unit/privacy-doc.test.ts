import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_DOC, renderPrivacyDoc } from '../../scripts/lib/privacy-doc.js';

describe('docs/privacy.md', () => {
  it('is what the disclosure policy says (run `npm run privacy:doc` after changing a rule)', () => {
    expect(readFileSync(PRIVACY_DOC, 'utf8')).toBe(renderPrivacyDoc());
  });

  it('shows a PRIVATE score to its owner and the bureau alone, and a band to a stranger only by choice', () => {
    const doc = renderPrivacyDoc();
    expect(doc).toMatch(/\| a stranger \| score and band \| band \| — \| — \|/);
    expect(doc).toMatch(/\| themselves \| score and band \| score and band \| score and band \| score and band \|/);
    expect(doc).toMatch(/\| someone they blocked \| — \| — \| — \| — \|/);
  });
});
