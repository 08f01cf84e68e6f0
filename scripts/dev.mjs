#!/usr/bin/env node
// `npm run dev`: the edit-reload loop. Runs the server from its TypeScript
// sources under `tsx watch` (restarts on every server, screenplay or protocol
// edit) on PORT (default 3000), and Vite's dev server for the web client
// (http://localhost:5173, hot reload), which proxies /api, /ws, /healthz and
// /metrics to that server, so the page and the API share one origin as they
// do in production. Ctrl-C stops both; either one exiting stops the other.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT || '3000';
const vitePort = process.env.VITE_PORT || '5173';
const server = `http://127.0.0.1:${port}`;
const resolveBin = (pkg, bin) => path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${pkg}/package.json`)), bin);

// The page comes from Vite's origin: the server must accept its cookie-authenticated requests and sockets.
const pageOrigins = ['localhost', '127.0.0.1', '[::1]'].flatMap((host) => [`http://${host}:${vitePort}`, `http://${host}:${port}`]);
const env = { ...process.env, PORT: port, ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS || pageOrigins.join(','), WRITERSROOM_DEV_SERVER: server };

const children = [
  spawn(process.execPath, [resolveBin('tsx', 'dist/cli.mjs'), 'watch', '--clear-screen=false', 'packages/server/src/main.ts'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, [resolveBin('vite', 'bin/vite.js'), '--port', vitePort, '--strictPort'], { cwd: path.join(root, 'packages/web'), env, stdio: 'inherit' }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
