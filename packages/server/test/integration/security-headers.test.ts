/**
 * The security headers of every answer (http/security-headers.ts,
 * SECURITY.md): the Content-Security-Policy, framing, sniffing, referrer and
 * opener policies, and no caching of JSON. The browser suites check that the
 * production build runs under this policy without a violation.
 *
 * Breakage that fails it: registerSecurityHeaders not called in buildApp, or
 * a directive dropped from its policy (e.g. frameAncestors).
 */
import { describe, expect, it } from 'vitest';
import { useServerSuite } from '../support/server-suite.js';

function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get('content-security-policy') ?? '';
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const ANSWERS = [
  { what: 'the web page', path: '/', user: undefined },
  { what: 'a JSON answer', path: '/api/scripts', user: 'ann' },
  { what: 'a refusal', path: '/api/scripts', user: undefined },
  { what: 'an unknown route', path: '/api/nothing-here', user: 'ann' },
  { what: 'the health check', path: '/healthz', user: undefined },
];

describe('security headers', () => {
  const suite = useServerSuite('sqlite');
  const get = (path: string, user?: string, headers: Record<string, string> = {}) =>
    fetch(`${suite.server.url}${path}`, { headers: { ...(user ? { authorization: `Bearer dev:${user}` } : {}), ...headers } });

  it.each(ANSWERS)('$what carries the policy: this origin only, no framing, no plugins, no <base>, no eval', async ({ path, user }) => {
    const response = await get(path, user);
    const policy = directives(response);
    for (const name of ['default-src', 'script-src', 'style-src', 'img-src', 'font-src']) expect(policy.get(name), name).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
  });

  it("lets the page connect to its own origin and its WebSocket, and nowhere else outside firebase mode", async () => {
    const host = new URL(suite.server.url).host;
    const policy = directives(await get('/'));
    expect(policy.get('connect-src')).toEqual(["'self'", `ws://${host}`]);
  });

  it('never writes a Host header that is not a plain host into the policy', async () => {
    // Fetch refuses to send a forged Host; the raw http module does not.
    const { request } = await import('node:http');
    const url = new URL(suite.server.url);
    const policy = await new Promise<string>((resolve, reject) => {
      const forged = request({ host: url.hostname, port: url.port, path: '/', headers: { host: "evil.example; script-src 'unsafe-inline'" } }, (response) => {
        response.resume();
        resolve(String(response.headers['content-security-policy']));
      });
      forged.on('error', reject);
      forged.end();
    });
    expect(policy).not.toContain('evil.example');
    expect(policy).not.toContain('unsafe-inline');
  });

  it('keeps JSON answers out of every cache, successes and refusals alike', async () => {
    for (const response of [await get('/api/scripts', 'ann'), await get('/api/scripts'), await get('/api/auth/config')]) {
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('security headers in firebase mode', () => {
  const suite = useServerSuite('sqlite', {
    auth: { mode: 'firebase', projectId: 'writersroom-test', keysUrl: 'http://127.0.0.1:9/keys', apiKey: 'test-key', authUrl: undefined },
  });

  it("lets the sign-in page reach Google's sign-in hosts, and only those besides its own origin", async () => {
    const policy = directives(await fetch(`${suite.server.url}/`));
    const sources = policy.get('connect-src') ?? [];
    expect(sources).toContain('https://identitytoolkit.googleapis.com');
    expect(sources).toContain('https://securetoken.googleapis.com');
    expect(sources.filter((source) => source.startsWith('https://'))).toHaveLength(2);
  });
});
