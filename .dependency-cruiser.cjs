/**
 * Import boundaries of WritersRoom (see STYLE.md, "Shape").
 *
 * Run as `depcruise packages bench --config .dependency-cruiser.cjs` (part of
 * `npm run lint`); any `error` rule that fires makes the command exit non-zero.
 *
 * Paths in rules are the *resolved* paths relative to the repository root:
 * `@writersroom/protocol` resolves through the node_modules symlink to
 * `packages/protocol/src/index.ts` (preserveSymlinks: false + the `exports`
 * field), so a rule on `^packages/server/` also catches `@writersroom/server`.
 * THIRD_PARTY deliberately does not cover `node_modules/@writersroom/`, so a
 * workspace link left unresolved still counts as "ours" and trips the rules.
 */

/** Files that may import anything: tests and their helpers. */
const TEST_FILES = '\\.test\\.tsx?$|^packages/[^/]+/test/';

/** Resolved paths of third-party packages (anything in node_modules but our own workspaces). */
const THIRD_PARTY = '(^|/)node_modules/(?!@writersroom/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles make load order matter and hide layering mistakes; move the shared part into its own module. Type-only edges count too: two modules that know each other\'s types are one module in two files, whatever the compiler erases.',
      from: { path: '^(packages|bench)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'The import cannot be resolved, so no boundary rule can judge it: a typo, a missing dependency or a missing `npm ci`.',
      from: { path: '^(packages|bench)/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'shared-packages-import-nothing-of-ours',
      severity: 'error',
      comment:
        'packages/screenplay and packages/protocol are leaves shared by server, web and CLI: they import no other workspace package and no path outside their own package (third-party packages are fine).',
      from: { path: '^packages/(screenplay|protocol)/' },
      to: {
        path: '^(?!packages/$1/)',
        pathNot: THIRD_PARTY,
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'screenplay-no-node-builtins',
      severity: 'error',
      comment:
        'packages/screenplay runs in the browser too: no node:* (or bare node builtin) imports.',
      from: { path: '^packages/screenplay/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-imports-only-protocol-and-screenplay',
      severity: 'error',
      comment:
        'Of our code, packages/web imports only @writersroom/protocol and @writersroom/screenplay: never the server, bench or a path outside packages/web. Its browser tests (packages/web/test/) start the real server in-process and are exempt.',
      from: { path: '^packages/web/', pathNot: TEST_FILES },
      to: {
        path: '^(?!packages/(web|protocol|screenplay)/)',
        pathNot: THIRD_PARTY,
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'maintenance-and-cli-never-load-the-websocket-server',
      severity: 'error',
      comment:
        'maintenance/ and cli/ run with the server stopped: they never import sync/ (rooms, connections, fan-out) or the HTTP api/. The one exception is sync/origins.ts, the union of transaction origins, which loads nothing.',
      from: { path: '^packages/server/src/(maintenance|cli)/' },
      to: { path: '^packages/server/src/(sync|api|http)/', pathNot: '^packages/server/src/sync/origins\\.ts$' },
    },
    {
      name: 'only-composition-roots-pick-storage',
      severity: 'error',
      comment:
        'Only main.ts and the CLI choose a storage implementation; everything else receives the Storage interface (storage/storage.ts).',
      from: {
        path: '^packages/server/',
        pathNot: `^packages/server/src/main\\.ts$|^packages/server/src/cli/|^packages/server/src/storage/|${TEST_FILES}`,
      },
      to: { path: '^packages/server/src/storage/(sqlite|postgres)-storage(\\.ts$|/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // dist-<pid>: a browser test's web build in progress, renamed to dist/ when done.
    exclude: { path: '(^|/)(node_modules|dist|dist-[0-9]+|data|coverage)/' },
    // Detect `import type` too: a type-only import across a boundary is still a
    // dependency on the other package's surface.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Workspace packages are symlinks in node_modules; resolve them to their
    // real path under packages/ so the path rules above see them.
    preserveSymlinks: false,
    // Judge npm dependencies against the root package.json as well as each
    // workspace's own one.
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
