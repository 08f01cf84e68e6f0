// packages/server/dist/main.js: what `npm start` runs. Written by scripts/build.mjs
// from scripts/server-loader.mjs, beside the server's bundle (server.js).
//
// It compiles the bundle with V8's code cache: the first start after a build
// compiles the 3 MB bundle as usual and, a second later, saves V8's compiled
// code of everything the start-up ran (server.js.<hash>.v8-cache, named by the
// bundle's hash so no other bundle ever reads it); every later start reads it
// back instead of parsing and compiling, which is about a third of start-up
// CPU. (Node 22 caches ES modules by itself; Node 20, which we support, does
// not.) A missing, unwritable or rejected cache only costs that time.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('./server.js', import.meta.url));
const cacheFile = fileURLToPath(new URL('./server.js.BUNDLE_HASH.v8-cache', import.meta.url));

/** The bundle is one CommonJS function expression (see buildServer): compiled here, run with a real require. */
function compile() {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(readFileSync(bundle, 'latin1'), {
    filename: bundle,
    cachedData,
  });
  return { script, cached: cachedData !== undefined && script.cachedDataRejected === false };
}

function saveCache(script) {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    rmSync(temporary, { force: true });
  }
}

const { script, cached } = compile();
const module = { exports: {} };
// The bundle's import() calls come here (build.mjs routeDynamicImports): this module's import() always works.
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), (specifier) => import(specifier));
if (!cached) setTimeout(() => saveCache(script), 1000).unref();
