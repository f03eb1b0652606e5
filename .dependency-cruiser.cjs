/**
 * Quanzi's architecture, written down where CI can check it: `npm run arch` (run by
 * .ci/run right after the typecheck) fails on any `error` below. Paths are relative to
 * the repository root. test/unit/architecture.test.ts plants one violation per rule in
 * test/unit/fixtures/architecture/ to prove each rule still bites.
 *
 * The layers, lowest first:
 *   src/errors.ts   error constructors everything may throw
 *   src/privacy/    the disclosure policy (who may see what): plain functions and data
 *   src/db/         the Neo4j connection, transactions, migrations
 *   src/graph/      the graph vocabulary: shared Cypher fragments, projections, cursors, locks
 *   feature folders one per domain area: *.repository.ts (Cypher), *.rules.ts (pure
 *                   decisions), *.type.ts / *.inputs.ts (GraphQL shapes), *.resolver.ts
 *   src/graphql/, src/live/, src/http/   wiring: schema, context, loaders, events, transport
 *
 * Type-only imports (`import type`) count like any other import: `tsPreCompilationDeps`
 * keeps them in the graph, so a layer cannot lean on another "just for a type".
 */

/** Feature folders: one per domain area (some do not exist yet; the rules are ready for them). */
const FEATURES = [
  'auth', 'users', 'interests', 'credit', 'circles', 'posts', 'connections', 'blocks', 'trust',
  'recommendations', 'moderation', 'comments', 'conversations', 'notifications', 'search',
].join('|');

/** The GraphQL and HTTP wiring: the top of the stack. */
const WIRING = 'graphql|live|http';

/** GraphQL libraries, wherever node_modules resolves to. */
const GRAPHQL_PACKAGES = '(^|/)node_modules/(type-graphql|graphql|graphql-[^/]+|@graphql-[^/]+/[^/]+|@apollo/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'Import cycles make load order matter (a class can be undefined when a decorator in the ' +
        'other file reads it) and mean two modules are really one. Break the cycle by moving the ' +
        'shared part down a layer (src/graph, src/privacy) or by passing a value in. Type-only ' +
        'imports count too: a cycle through a type still ties the modules together, and the ' +
        'type usually drags a value import after it. (type-graphql\'s `() => Type` references ' +
        'are value imports, so leaving type-only imports out would not spare those anyway.)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'db-imports-no-feature',
      comment:
        'src/db is the bottom of the stack: connecting, transactions, migrations. It may not know ' +
        'a feature, the graph vocabulary, the privacy policy or the wiring; otherwise every ' +
        'feature depends on every other one through the database layer. Whatever a migration ' +
        'needs from a feature (a constant, a catalogue) moves into src/db or is passed in.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: `^src/(${FEATURES}|graph|${WIRING}|privacy)/` },
    },
    {
      name: 'graph-vocabulary-is-low',
      comment:
        'src/graph is the shared Cypher vocabulary (fragments, projections, cursors, locks) that ' +
        'repositories of several features build on. It sits just above src/db and src/privacy, so ' +
        'inside src/ it may use only those, src/errors.ts and itself: never a feature (that ' +
        'would make features depend on each other through it), never the GraphQL/HTTP wiring. ' +
        'It speaks Cypher, not GraphQL, so the GraphQL packages are out too (as for repositories).',
      severity: 'error',
      from: { path: '^src/graph/' },
      to: {
        path: `^src/|${GRAPHQL_PACKAGES}`,
        pathNot: '^src/(db|privacy|graph)/|^src/errors[.]ts$',
      },
    },
    {
      name: 'privacy-is-pure',
      comment:
        'src/privacy is the disclosure policy: who may see which field of whom. It has to be ' +
        'readable and testable on its own, so it imports only itself, src/errors.ts and the ' +
        'roles a principal holds (src/auth/roles.ts, plain values): no database, no GraphQL ' +
        'wiring, no other feature code, no package. Callers pass in what it decides on ' +
        '(the viewer, the relation); the graph vocabulary turns its decisions into Cypher.',
      severity: 'error',
      from: { path: '^src/privacy/' },
      to: { pathNot: '^src/privacy/|^src/errors[.]ts$|^src/auth/roles[.]ts$' },
    },
    {
      name: 'features-do-not-import-other-features-repositories-or-resolvers',
      comment:
        "A feature's repository and resolver are its own: another feature that reaches into them " +
        'couples to its Cypher and its GraphQL shape. What several features share (user fields, ' +
        'block filters, circle visibility) belongs in src/graph; what they expose to each other ' +
        'goes through types, rules or loaders. Within one feature folder anything goes.',
      severity: 'error',
      from: { path: `^src/(${FEATURES})/` },
      to: {
        path: `^src/(${FEATURES})/[^/]+[.](repository|resolver)[.]ts$`,
        pathNot: '^src/$1/',
      },
    },
    {
      name: 'rules-are-pure',
      comment:
        '*.rules.ts files hold the decisions (may this moderator remove that member?) as plain ' +
        'functions, so they can be unit-tested without Neo4j or a server. They may not import a ' +
        'repository, a resolver, the database or the wiring.',
      severity: 'error',
      from: { path: '^src/.+[.]rules[.]ts$' },
      to: { path: `[.](repository|resolver)[.]ts$|^src/(db|${WIRING})/` },
    },
    {
      name: 'repositories-know-no-graphql',
      comment:
        'Repositories speak Cypher and return plain rows; GraphQL is a layer above them. They may ' +
        'not import src/graphql (schema, context, loaders, pagination) nor the GraphQL packages. ' +
        'This includes the type-only `PageRequest` import from src/graphql/pagination.ts: it is a ' +
        'plain interface with no GraphQL in it, so it can live with the cursors in src/graph.',
      severity: 'error',
      from: { path: '^src/.+[.]repository[.]ts$' },
      to: { path: `^src/graphql/|${GRAPHQL_PACKAGES}` },
    },
    {
      name: 'src-does-not-import-scripts-or-tests',
      comment:
        'The server ships src/ only: scripts/ (bench, dataset, tooling) and test/ are not ' +
        'deployed, and may import src/, never the other way round.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that resolves to no file: a typo, a file moved without its importers, or a ' +
        'package missing from package.json. tsc catches most of these; this also catches them ' +
        'in files tsc does not check (the playground client).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports is likely dead code left behind by a move. Entry points and ' +
        'files loaded by other means are excepted: src/main.ts, src/candidates-worker.ts, declaration files, the ' +
        "playground's browser client (bundled by esbuild at run time) and the Java launcher.",
      severity: 'warn',
      from: {
        orphan: true,
        pathNot: [
          '^src/main[.]ts$',
          '^src/candidates-worker[.]ts$',
          '[.]d[.](c|m)?ts$',
          '^src/playground/client/',
          '^src/db/local/launcher/',
        ],
      },
      to: {},
    },
  ],
  options: {
    // Follow our own modules only; packages and node builtins are leaves.
    doNotFollow: { path: 'node_modules' },
    // Keep `import type` edges: they are real dependencies between modules (see top).
    tsPreCompilationDeps: true,
    // tsc's own view of the project: compiler options and how it resolves modules.
    tsConfig: { fileName: 'tsconfig.json' },
    // NodeNext: imports name the emitted `.js` file; dependency-cruiser tries `.ts` (then
    // `.tsx`, `.d.ts`) when the `.js` file does not exist, as tsc does, so `./x.js`
    // resolves to `./x.ts`. Packages resolve through their `exports` maps like Node's.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    // Rules only: cycle, orphan and dependents analysis run because rules ask for them.
    skipAnalysisNotInRules: true,
  },
};
