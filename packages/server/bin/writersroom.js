#!/usr/bin/env node
// The `writersroom` operator command; see src/cli/run-cli.ts for the commands.
// It runs the compiled CLI (dist/cli.js, built by `npm install`, `npm start`
// and `npm run build`) when that build is current. In a checkout whose server
// sources changed since the last build, or that was never built, it runs the
// TypeScript sources through tsx instead: slower to start, never stale.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
const builder = new URL('../../../scripts/build.mjs', import.meta.url);
async function buildIsCurrent() {
  if (!existsSync(compiled) || !existsSync(builder)) return false;
  const { freshness, TARGETS } = await import(builder.href);
  return freshness(TARGETS.server).fresh;
}

const current = await buildIsCurrent();

if (current) {
  await import(compiled.href);
} else {
  process.stderr.write('writersroom: the compiled CLI is missing or older than its sources; running the sources through tsx (`npm run build` compiles them)\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
