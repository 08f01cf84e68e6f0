import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { distDir } from './support/web-build.js';
import { startWebServer, type WebServer } from './support/web-server.js';

describe('the server serving the built web client', () => {
  let web: WebServer;
  beforeAll(async () => {
    web = await startWebServer();
  });
  afterAll(async () => {
    await web?.close();
  });
  const get = (urlPath: string, headers: Record<string, string> = {}) => fetch(`${web.server.url}${urlPath}`, { headers });

  test('answers / and client-side routes with index.html, without a session', async () => {
    for (const route of ['/', '/signin', '/scripts/some-id']) {
      const response = await get(route);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type'), route).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), route).toBe('no-cache');
      expect(await response.text(), route).toContain('<div id="root"></div>');
    }
  });

  test('serves hashed assets with their content type, cached for good', async () => {
    const script = readdirSync(path.join(distDir, 'assets')).find((name) => name.endsWith('.js'));
    const response = await get(`/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  test('sends the Brotli or gzip copy of an asset to browsers that accept it, the same bytes once decoded', async () => {
    const script = readdirSync(path.join(distDir, 'assets')).find((name) => name.endsWith('.js'))!;
    const original = readFileSync(path.join(distDir, 'assets', script));
    for (const [accepted, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      // Node's fetch would decode for us; a raw request shows what travels.
      const { headers, body } = await rawGet(`${web.server.url}/assets/${script}`, { 'accept-encoding': accepted });
      expect(headers['content-encoding'], accepted).toBe(accepted);
      expect(headers.vary, accepted).toMatch(/accept-encoding/i);
      expect(body.length, accepted).toBeLessThan(original.length / 2);
      expect(decode(body).equals(original), accepted).toBe(true);
    }
    const identity = await rawGet(`${web.server.url}/assets/${script}`, {});
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(original)).toBe(true);
  });

  test('never answers the server paths with the app: unknown API routes still ask for a session, then 404', async () => {
    const anonymous = await get('/api/no-such-route');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('WR_ERR_UNAUTHENTICATED');

    const signUp = await fetch(`${web.server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'carol@example.com', password: 'a long passphrase' }),
    });
    const { token } = (await signUp.json()) as { token: string };
    const signedIn = await get('/api/no-such-route', { authorization: `Bearer ${token}` });
    expect(signedIn.status).toBe(404);
    expect(((await signedIn.json()) as { error: { code: string } }).error.code).toBe('WR_ERR_NOT_FOUND');
    expect((await get('/ws/scripts/x', { authorization: `Bearer ${token}` })).status).toBe(404);
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect((await get('/metrics')).headers.get('content-type')).toMatch(/^text\/plain/);
  });

  test('does not serve files outside the web root', async () => {
    // Fails if the static handler sends the file a path resolves to without checking it lies under the web root.
    const indexHtml = readFileSync(path.join(distDir, 'index.html'), 'utf8');
    // Files that exist: packages/web/package.json one level above dist/, the repository's two levels above.
    const outside = [path.join(distDir, '..', 'package.json'), path.join(distDir, '..', '..', '..', 'package.json')].map((file) => readFileSync(file, 'utf8'));
    const attempts = [
      '/..%2fpackage.json',
      '/..%2f..%2f..%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/%2e%2e/package.json',
      '/.%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/../package.json',
      '/assets/../../package.json',
      '/..%5cpackage.json',
      '/..\\package.json',
      '/%2e%2e%5cpackage.json',
      '/%252e%252e%252fpackage.json',
      '/..%252fpackage.json',
      '/%c0%ae%c0%ae%c0%afpackage.json',
    ];
    for (const attempt of attempts) {
      // Sent as written: fetch would resolve the dots and backslashes before they reach the server.
      const { status, body } = await rawGet(`${web.server.url}${attempt}`, {});
      const text = body.toString('utf8');
      for (const file of outside) {
        expect(text, attempt).not.toContain(file.slice(0, 40));
        expect(text, attempt).not.toContain('"name": "@writersroom/web"');
      }
      // The app's page (a client-side route to nowhere) or a refusal, nothing else.
      if (status === 200) expect(text, attempt).toBe(indexHtml);
      else expect([400, 403, 404], attempt).toContain(status);
    }
  });
});

/** A GET whose path goes out exactly as written (no dot segments resolved, no backslashes turned into slashes). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(url);
  const requestPath = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: requestPath, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
