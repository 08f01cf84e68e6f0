#!/usr/bin/env node
// Measures how fast a WritersRoom server starts and how much memory it holds idle:
// spawn → the "WritersRoom is running at" line (ms), and the resident set of the
// process tree (the server and any launcher, e.g. tsx's CLI) two seconds later.
// One warm-up run creates the SQLite file; the median of the runs after it is printed.
//
//   node scripts/measure-start.mjs [--runs 5] [-- command args…]   (default: node packages/server/dist/main.js)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const command = dashes >= 0 ? args.slice(dashes + 1) : [process.execPath, 'packages/server/dist/main.js'];
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 && runsAt < (dashes >= 0 ? dashes : args.length) ? Number(args[runsAt + 1]) : 5;

const dataDir = mkdtempSync(path.join(tmpdir(), 'wr-measure-'));

/** Resident set of `pid` and its descendants, in KiB (Linux /proc): their sum, and the largest (the server's own). */
function treeRssKiB(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  let largest = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop();
    try {
      const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${next}/status`, 'utf8'))?.[1] ?? 0);
      total += kib;
      largest = Math.max(largest, kib);
    } catch {
      // gone meanwhile
    }
    queue.push(...(children.get(next) ?? []));
  }
  return { total, largest };
}

/** CPU time (user + system) the process tree has used so far, in ms: steadier than wall time on a busy machine. */
function treeCpuMs(pid) {
  let ticks = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop();
    try {
      const fields = readFileSync(`/proc/${next}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const entry of readdirSync(`/proc/${next}/task`)) {
        const children = readFileSync(`/proc/${next}/task/${entry}/children`, 'utf8').trim();
        if (children) queue.push(...children.split(' ').map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10;
}

function once() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command[0], command.slice(1), {
      cwd: root,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', INIT_CWD: root },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const match = /running at (http\S+)/.exec(out);
      if (!match || out === null) return;
      out = null;
      const listeningMs = performance.now() - started;
      const cpuMs = treeCpuMs(child.pid);
      await new Promise((done) => setTimeout(done, 2000));
      const health = await fetch(`${match[1]}/healthz`).then((response) => response.status);
      await new Promise((done) => setTimeout(done, 500));
      const rss = treeRssKiB(child.pid);
      process.kill(-child.pid, 'SIGTERM');
      child.on('exit', () => resolve({ listeningMs, cpuMs, rssMiB: rss.total / 1024, serverMiB: rss.largest / 1024, health }));
    });
    child.on('error', reject);
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
await once();
const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
rmSync(dataDir, { recursive: true, force: true });
console.log(`${command.join(' ')}`);
console.log(`  listening: ${results.map((r) => r.listeningMs.toFixed(0)).join(', ')} ms → median ${median(results.map((r) => r.listeningMs)).toFixed(0)} ms`);
console.log(`  CPU until listening: ${results.map((r) => r.cpuMs.toFixed(0)).join(', ')} ms → median ${median(results.map((r) => r.cpuMs)).toFixed(0)} ms`);
console.log(`  idle RSS, process tree: ${results.map((r) => r.rssMiB.toFixed(0)).join(', ')} MiB → median ${median(results.map((r) => r.rssMiB)).toFixed(0)} MiB`);
console.log(`  idle RSS, server process: ${results.map((r) => r.serverMiB.toFixed(0)).join(', ')} MiB → median ${median(results.map((r) => r.serverMiB)).toFixed(0)} MiB (healthz ${results[0].health})`);
