#!/usr/bin/env node
// Builds what `npm start` runs, and only what is out of date:
//
//   web     packages/web/dist         the browser client (vite build)
//   server  packages/server/dist      the server and the `writersroom` CLI as plain
//                                     JavaScript (esbuild bundles, see buildServer)
//
// Each build writes a stamp beside its output (packages/<name>/.dist-stamp): a
// SHA-256 over every input file's path and bytes (the package's sources, the
// screenplay and protocol packages it imports, the lockfile and this script).
// A target is fresh when its stamp matches the inputs now and its output exists;
// checking costs a few milliseconds, so `npm start` checks every time and builds
// only after an edit, a `git pull` or a new lockfile. Plain JavaScript on purpose:
// it runs before anything is compiled, without tsx.
//
//   node scripts/build.mjs            build the stale targets (`prepare`, `prestart`)
//   node scripts/build.mjs --force    build everything (`npm run build`)
//   node scripts/build.mjs --check    say what is stale, build nothing; exit 1 if anything is
//   … [web|server]                    only these targets
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Inputs every target shares: the packages both import, the lockfile (dependency versions) and this script. */
const SHARED_INPUTS = [
  'packages/screenplay/src',
  'packages/screenplay/package.json',
  'packages/protocol/src',
  'packages/protocol/package.json',
  'package-lock.json',
  'scripts/build.mjs',
  'scripts/server-loader.mjs',
];

/**
 * @typedef {object} Target
 * @property {string} name
 * @property {string} description
 * @property {string[]} inputs   files and folders (walked) relative to the root; tests are left out
 * @property {string} output     the file whose absence means "not built"
 * @property {string} stamp      where the inputs' hash of the last good build is written
 * @property {(root: string) => Promise<void>} build
 */

/** @type {Record<'web' | 'server', Target>} */
export const TARGETS = {
  web: {
    name: 'web',
    description: 'the web client',
    inputs: [
      'packages/web/src',
      'packages/web/index.html',
      'packages/web/vite.config.ts',
      'packages/web/tsconfig.json',
      'packages/web/package.json',
      ...SHARED_INPUTS,
    ],
    output: 'packages/web/dist/index.html',
    stamp: 'packages/web/.dist-stamp',
    build: buildWeb,
  },
  server: {
    name: 'server',
    description: 'the server',
    inputs: ['packages/server/src', 'packages/server/package.json', ...SHARED_INPUTS],
    output: 'packages/server/dist/main.js',
    stamp: 'packages/server/.dist-stamp',
    build: buildServer,
  },
};

/** Test files change no build: editing one must not cost a rebuild. */
const NOT_AN_INPUT = /\.test\.tsx?$/;

/** The input files under `input` (a file or a folder), relative to `root`; none when it does not exist. */
function filesOf(root, input) {
  const absolute = path.join(root, input);
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [input];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !NOT_AN_INPUT.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
}

/** SHA-256 over the target's input files, in path order: path and bytes of each. */
export function inputHash(target, root = ROOT) {
  const files = target.inputs.flatMap((input) => filesOf(root, input));
  const hash = createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/**
 * Whether `target`'s output was built from its inputs as they are now.
 * @returns {{ fresh: boolean, reason: string, hash: string }}
 */
export function freshness(target, root = ROOT) {
  const hash = inputHash(target, root);
  if (!existsSync(path.join(root, target.output))) return { fresh: false, reason: `${target.output} is missing`, hash };
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, target.stamp), 'utf8'));
  } catch {
    return { fresh: false, reason: `${target.stamp} is missing`, hash };
  }
  if (stamp.hash !== hash) return { fresh: false, reason: 'its sources changed since the last build', hash };
  return { fresh: true, reason: 'up to date', hash };
}

/** Builds `target` and stamps it with the inputs' hash taken before the build (an edit meanwhile leaves it stale). */
export async function build(target, root = ROOT) {
  const hash = inputHash(target, root);
  rmSync(path.join(root, target.stamp), { force: true });
  await target.build(root);
  writeFileSync(path.join(root, target.stamp), `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`);
}

async function buildWeb(root) {
  const webDir = path.join(root, 'packages/web');
  const vite = path.join(path.dirname(createRequire(path.join(webDir, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  // NODE_ENV=production: React's production build, whatever the caller's environment says.
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

/**
 * Packages left to Node rather than bundled: native code (better-sqlite3),
 * packages that read their own files at run time (pdfkit and its fonts,
 * pdf.js, the Courier Prime font files), and drivers loaded only when
 * configured (pg, ioredis). Everything else is inlined.
 */
const EXTERNAL = /^(better-sqlite3|pdfkit|pdfjs-dist|@expo-google-fonts\/courier-prime|pg|ioredis|tsx)(\/|$)/;

/** Leaves EXTERNAL packages to Node's resolution at run time. */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (EXTERNAL.test(args.path) ? { path: args.path, external: true } : undefined));
  },
};

/**
 * One copy of each package version: npm nests the same version of a package
 * under several dependents when another version sits at the top (ajv 8 three
 * times under fastify's parts, beside eslint's ajv 6), and a bundler would
 * inline each copy. Same name and version, same code: every import of it goes
 * to the first copy found.
 */
const oneCopyPerVersion = {
  name: 'one-copy-per-version',
  setup(builder) {
    const firstCopy = new Map();
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'one-copy-per-version' || EXTERNAL.test(args.path)) return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'one-copy-per-version' });
      if (resolved.errors.length > 0) return undefined; // esbuild's own handling (optional requires in try/catch)
      const inPackage = /^(.*[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+))[\\/](.*)$/.exec(resolved.path);
      if (resolved.external || !inPackage) return resolved;
      const [, packageDir, name, rest] = inPackage;
      const key = `${name}@${JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version}`;
      if (!firstCopy.has(key)) firstCopy.set(key, packageDir);
      return { ...resolved, path: path.join(firstCopy.get(key), rest) };
    });
  },
};

/**
 * Replaces the non-ASCII characters esbuild leaves in regular expression
 * literals with \u escapes (the same characters to the regex): a single one
 * would make V8 hold the whole bundle as a two-byte string, twice its size.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\t-\x7f]/.test(text)) return;
  writeFileSync(file, text.replace(/[^\t-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * The server and the `writersroom` CLI as plain JavaScript, our workspace
 * packages and most dependencies inlined: one file instead of some thousand
 * modules that Node would resolve, read and link apart (fastify, zod and
 * kysely alone are over a thousand files).
 *
 * - `dist/server.js`: the server, one CommonJS function expression, run by
 *   `dist/main.js` (scripts/server-loader.mjs) through V8's code cache.
 *   What the sources load with `await import()` (pdfkit, pdf.js, the
 *   PostgreSQL driver, ioredis) stays out of the start: the drivers and
 *   pdf.js are external, the rest is wrapped to run at its first import.
 * - `dist/cli.js` (+ `dist/chunks/`): the CLI, ES modules split at each
 *   `await import()`, so a command loads only what it uses.
 *
 * Whitespace is minified (a smaller bundle is less memory and less to
 * parse), names are not: stack traces keep them, and
 * `node --enable-source-maps` maps their positions to the sources.
 */
/**
 * The bundle's `import()` (pdf.js, an ES module) goes through `__wrImport`,
 * which the loader (scripts/server-loader.mjs, itself an ES module) passes
 * in: a script compiled by `vm` from V8's code cache loses its dynamic
 * import callback in Node 20, so the bundle's own `import()` would fail on
 * every start after the first.
 */
function routeDynamicImports(file) {
  const code = readFileSync(file, 'utf8');
  const routed = code.replaceAll('import("', '__wrImport("');
  if (routed === code) throw new Error(`${file}: no import() to route; the loader's __wrImport has nothing to do`);
  writeFileSync(file, routed);
}

async function buildServer(root) {
  const esbuild = await import(pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('esbuild')).href);
  const outdir = path.join(root, 'packages/server/dist');
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [externalPackages, oneCopyPerVersion],
  };
  await esbuild.build({
    ...common,
    entryPoints: ['packages/server/src/main.ts'],
    outfile: path.join(outdir, 'server.js'),
    format: 'cjs',
    // The module wrapper the loader calls; import.meta.url (main.ts's web root, the PDF font's resolve) from __filename.
    define: { 'import.meta.url': '__wrImportMetaUrl' },
    // Strict, as the bundle's first line says and as ES modules are.
    banner: { js: "(function (exports, require, module, __filename, __dirname, __wrImport) { 'use strict'; var __wrImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    footer: { js: '})' },
  });
  await esbuild.build({
    ...common,
    // The checkpoint worker (history/checkpoint-packer.ts) is a thread of the server's, loaded from beside server.js.
    entryPoints: { cli: 'packages/server/src/cli/main.ts', 'checkpoint-worker': 'packages/server/src/history/checkpoint-worker.ts' },
    outdir,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies inlined into ES modules still call require() (Node's built-ins) and may read __dirname.
    banner: {
      js: [
        "import { createRequire as __wrCreateRequire } from 'node:module';",
        "import { fileURLToPath as __wrFileURLToPath } from 'node:url';",
        'const require = __wrCreateRequire(import.meta.url);',
        'const __filename = __wrFileURLToPath(import.meta.url);',
        "const __dirname = __wrFileURLToPath(new URL('.', import.meta.url));",
      ].join(' '),
    },
  });
  routeDynamicImports(path.join(outdir, 'server.js'));
  for (const entry of readdirSync(outdir, { recursive: true })) if (String(entry).endsWith('.js')) asciiOnly(path.join(outdir, String(entry)));
  const bundleHash = createHash('sha256').update(readFileSync(path.join(outdir, 'server.js'))).digest('hex').slice(0, 16);
  const loader = readFileSync(path.join(root, 'scripts/server-loader.mjs'), 'utf8').replace('BUNDLE_HASH', bundleHash);
  writeFileSync(path.join(outdir, 'main.js'), loader);
}

async function main(argv) {
  const force = argv.includes('--force');
  const check = argv.includes('--check');
  const named = argv.filter((arg) => !arg.startsWith('--'));
  for (const name of named) if (!(name in TARGETS)) throw new Error(`unknown target ${name}; targets: ${Object.keys(TARGETS).join(', ')}`);
  const targets = named.length > 0 ? named.map((name) => TARGETS[name]) : Object.values(TARGETS);
  let stale = 0;
  for (const target of targets) {
    const { fresh, reason } = force ? { fresh: false, reason: 'forced' } : freshness(target);
    if (fresh) continue;
    stale += 1;
    if (check) {
      process.stdout.write(`${target.name}: stale (${reason})\n`);
      continue;
    }
    const started = performance.now();
    process.stdout.write(`Building ${target.description} (${reason})…\n`);
    await build(target);
    process.stdout.write(`Built ${target.description} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  if (check && stale === 0) process.stdout.write(`${targets.map((target) => target.name).join(', ')}: up to date\n`);
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
