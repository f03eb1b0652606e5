/**
 * The architecture rules in .dependency-cruiser.cjs, checked two ways:
 *  - on a planted tree (test/unit/fixtures/architecture/, see its README) every rule
 *    reports exactly the violation planted for it, and nothing else: the rules bite, and
 *    the allowed imports planted beside them stay allowed;
 *  - on the real src/ there is no error-level violation (what `npm run arch` checks).
 * Both run the rules file itself through dependency-cruiser's API, set up as its CLI
 * sets itself up, so this test and `npm run arch` cannot drift apart. Needs no database.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULES_FILE = path.join(root, '.dependency-cruiser.cjs');
const FIXTURE = path.join(root, 'test/unit/fixtures/architecture');

/** Cruises `src` under `baseDir` with the rules file, as `cd baseDir && depcruise src` would. */
async function cruiseSrc(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(RULES_FILE);
  // The rules file names tsconfig.json relative to where depcruise runs: here, baseDir
  // (the fixture tree has one that extends the real one).
  const tsConfigFile = path.join(baseDir, options.tsConfig?.fileName ?? 'tsconfig.json');
  const { output } = await cruise(
    ['src'],
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report, not a result');
  return output;
}

/** One line per violation: `rule: from → to`, a cycle as its modules in order, a package by its name. */
function describeViolation(violation: IViolation): string {
  const { rule, from, to, cycle } = violation;
  if (cycle) return `${rule.name}: ${from} → ${cycle.map((step) => step.name).join(' → ')}`;
  if (violation.type === 'module') return `${rule.name}: ${from}`;
  const npmPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(to)?.[1];
  return `${rule.name}: ${from} → ${npmPackage ? `package ${npmPackage}` : to}`;
}

describe('architecture rules on the planted tree', () => {
  let violations: IViolation[];
  beforeAll(async () => {
    violations = (await cruiseSrc(FIXTURE)).summary.violations;
  });

  const planted: Array<[rule: string, violation: string]> = [
    ['no-circular', 'no-circular: src/a.ts → src/b.ts → src/a.ts'],
    ['no-circular', 'no-circular: src/t1.ts → src/t2.ts → src/t1.ts'],
    ['db-imports-no-feature', 'db-imports-no-feature: src/db/x.ts → src/circles/circles.repository.ts'],
    ['graph-vocabulary-is-low', 'graph-vocabulary-is-low: src/graph/g.ts → src/posts/posts.repository.ts'],
    ['privacy-is-pure', 'privacy-is-pure: src/privacy/p.ts → src/db/x.ts'],
    [
      'features-do-not-import-other-features-repositories-or-resolvers',
      'features-do-not-import-other-features-repositories-or-resolvers: src/posts/posts.resolver.ts → src/circles/circles.repository.ts',
    ],
    ['rules-are-pure', 'rules-are-pure: src/circles/circles.rules.ts → src/circles/circles.repository.ts'],
    ['repositories-know-no-graphql', 'repositories-know-no-graphql: src/posts/posts.repository.ts → src/graphql/pagination.ts'],
    [
      'repositories-know-no-graphql',
      'repositories-know-no-graphql: src/posts/posts.repository.ts → package type-graphql',
    ],
    ['src-does-not-import-scripts-or-tests', 'src-does-not-import-scripts-or-tests: src/uses-script.ts → scripts/tool.ts'],
    ['not-to-unresolvable', 'not-to-unresolvable: src/unresolvable.js → ./missing.js'],
    ['no-orphans', 'no-orphans: src/orphan.ts'],
  ];

  it.each(planted)('%s reports %s', (_rule, expected) => {
    expect(violations.map(describeViolation)).toContain(expected);
  });

  it('reports nothing but the planted violations (the allowed imports beside them pass)', () => {
    expect(violations.map(describeViolation).sort()).toEqual(planted.map(([, expected]) => expected).sort());
  });

  it('gives every rule in the rules file a planted violation, at the severity it declares', async () => {
    const { ruleSet } = await extractDepcruiseOptions(RULES_FILE);
    const declared = (ruleSet?.forbidden ?? []).map((rule) => `${rule.name} ${rule.severity}`).sort();
    const seen = [...new Set(violations.map((violation) => `${violation.rule.name} ${violation.rule.severity}`))].sort();
    expect(seen).toEqual(declared);
  });

  it('counts type-only imports: the t1 ⇄ t2 cycle is made of `import type` alone', () => {
    const cycle = violations.find((violation) => violation.from === 'src/t1.ts');
    expect(cycle?.cycle?.every((step) => step.dependencyTypes.includes('type-only'))).toBe(true);
  });
});

describe('architecture rules on src/', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseSrc(root);
  });

  it('resolves every import, `.js` suffixes to the `.ts` files beside them', () => {
    const local = result.modules
      .filter((module) => module.source.startsWith('src/'))
      .flatMap((module) => module.dependencies)
      .filter((dependency) => dependency.module.startsWith('.'));
    expect(local.length).toBeGreaterThan(100);
    expect(local.filter((dependency) => !dependency.resolved.endsWith('.ts')).map((dependency) => dependency.module)).toEqual([]);
  });

  // Fails until the restructure (src/graph, src/privacy, no cross-feature repositories)
  // lands: the message lists what is left to move.
  it('has no error-level violation', () => {
    const errors = result.summary.violations.filter((violation) => violation.rule.severity === 'error');
    expect(errors.map(describeViolation)).toEqual([]);
  });
});
