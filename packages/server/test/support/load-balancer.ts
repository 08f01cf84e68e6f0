import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/**
 * HAProxy from Debian's packages in front of several server processes, as
 * the README's "Run several processes" configures it: WebSocket upgrades
 * passed through, health checks against /healthz, and a connection to a
 * process that died sent to another.
 */
export interface LoadBalancer {
  url: string;
  wsBase: string;
  close(): Promise<void>;
}

/** Whether `haproxy` is installed; on CI (CI=true) its absence fails the import instead, as Redis's does. */
export const loadBalancerAvailable: boolean = (() => {
  const found = spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('haproxy is not installed and CI=true: .ci/run installs it (apt-get install haproxy).');
  return found;
})();

/** The configuration the README shows, for backends on these loopback ports; `healthPath` answers 200 while a backend is up. */
export function haproxyConfig(listenPort: number, backendPorts: readonly number[], healthPath = '/healthz'): string {
  return [
    'global',
    '  maxconn 4000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    '  retries 3',
    '  option redispatch',
    'frontend writersroom',
    `  bind 127.0.0.1:${listenPort}`,
    '  default_backend servers',
    'backend servers',
    '  balance roundrobin',
    `  option httpchk GET ${healthPath}`,
    '  http-check expect status 200',
    '  default-server inter 500ms fall 2 rise 1',
    ...backendPorts.map((port, index) => `  server process${index + 1} 127.0.0.1:${port} check`),
    '',
  ].join('\n');
}

export async function startLoadBalancer(backendPorts: readonly number[], healthPath?: string): Promise<LoadBalancer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'wr-haproxy-'));
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, backendPorts, healthPath));
  const child = spawn('haproxy', ['-f', file, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`haproxy did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsBase: `ws://127.0.0.1:${port}/ws/scripts`,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
