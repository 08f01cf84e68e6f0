import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestStorage } from './test-server.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliRun {
  code: number | null;
  stdout: string;
  /** Stdout as bytes, for binary output (a Yjs export). */
  stdoutBytes: Buffer;
  stderr: string;
}

/** The environment that points the CLI at a test database. */
export function databaseEnv(location: TestStorage['location']): Record<string, string> {
  return location.kind === 'sqlite' ? { DATA_DIR: location.dataDir, DATABASE_URL: '' } : { DATABASE_URL: location.url };
}

/** Runs `writersroom <args>` as an operator would: a separate process, configured by its environment. */
export function runCli(args: string[], options: { location?: TestStorage['location']; env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const env = { ...process.env, ...(options.location ? databaseEnv(options.location) : {}), ...options.env };
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: options.cwd ?? process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const bytes = Buffer.concat(stdout);
      resolve({ code, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr });
    });
  });
}
