/**
 * Servers as child processes: spawn, wait for the port, sample RSS, stop.
 * Every anchor (ours and the peers) runs this way, so each pays the same
 * process start, loader (`node --import tsx`) and loopback network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';

/** A port nobody listens on right now (the kernel picks it; closed again before the child binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds. */
function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface ServerProcess {
  pid: number;
  port: number;
  /** Milliseconds from spawn() to the first accepted TCP connection. */
  startupMs: number;
  /** Lines the child printed on stdout, as they come (the peers report persistence this way). */
  onLine(listener: (line: string) => void): () => void;
  /** Resident set size of the child, in bytes. */
  rssBytes(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (match?.[1] === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

export interface SpawnSpec {
  /** Arguments of `node` (the entry script and its loader flags). */
  args: string[];
  env: Record<string, string>;
  port: number;
}

const STARTUP_TIMEOUT_MS = 30_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Spawns `node ...args` with `env` added to a minimal environment (PATH and
 * HOME only: a developer's own settings must not reach the servers), polls
 * the port every 2 ms and resolves once it accepts a connection.
 *
 * @throws Error when the child exits first or the port stays closed for 30 s; the child is killed.
 */
export async function spawnServer(spec: SpawnSpec): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, spec.args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners = new Set<(line: string) => void>();
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const gone = exited(child);
  let startupMs: number | undefined;
  while (startupMs === undefined) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before listening: ${stderr.trim()}`);
    }
    if (performance.now() - started > STARTUP_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`server did not listen on ${spec.port} within ${STARTUP_TIMEOUT_MS} ms: ${stderr.trim()}`);
    }
    if (await tryConnect(spec.port)) startupMs = performance.now() - started;
    else await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawned server has no pid');
  return {
    pid,
    port: spec.port,
    startupMs,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rssBytes: () => rssOf(pid),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
