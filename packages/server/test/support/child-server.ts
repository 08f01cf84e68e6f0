import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestStorage } from './test-server.js';

const mainModule = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ChildServer {
  url: string;
  wsBase: string;
  process: ChildProcess;
  /** Sends a signal and resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the real `main.ts` in a child process on the given database, exactly as
 * `npm start` would, so a test can kill it without warning. `env` adds or
 * replaces variables (e.g. REDIS_URL, RATE_LIMIT_*).
 */
export function startChildServer(location: TestStorage['location'], env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainModule], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_MODE: 'dev',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...(location.kind === 'sqlite' ? { DATA_DIR: location.dataDir, DATABASE_URL: '' } : { DATABASE_URL: location.url }),
      // Limits in Redis only when the test asks (REDIS_URL and its own REDIS_KEY_PREFIX in `env`): CI exports REDIS_URL
      // for the tests' own use, and children inheriting it would count every test file's sockets together, for an hour.
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`child server did not start:\n${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`child server exited with ${code}:\n${stderr}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        wsBase: `${url.replace(/^http/, 'ws')}/ws/scripts`,
        process: child,
        async kill(signal) {
          child.kill(signal);
          await exited;
        },
      });
    });
  });
}
