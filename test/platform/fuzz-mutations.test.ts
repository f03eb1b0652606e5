/**
 * Every mutation of the schema is fuzzed: each has a spec (helpers/fuzz/mutation-specs.ts)
 * taking the schema's arguments, run by its feature's fuzz test
 * (features/<feature>/<feature>.fuzz.test.ts, "every mutation, with generated arguments").
 */
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../helpers/fuzz/harness.js';
import { ALL_MUTATION_SPECS as SPECS } from '../helpers/fuzz/mutation-specs.js';

describe('every mutation, with generated arguments', () => {
  it('covers every mutation of the schema', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(SPECS.map((s) => s.name).sort()).toEqual(mutations);
    for (const spec of SPECS) {
      const field = schema.getMutationType()!.getFields()[spec.name]!;
      expect(spec.args.map(([name, type]) => `${name}: ${type}`).sort()).toEqual(field.args.map((a) => `${a.name}: ${String(a.type)}`).sort());
    }
  });
});
