import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { run, startListening, tempCheckout, type Listening } from './temp-checkout.js';

// The compiled server (packages/server/dist/main.js, what `npm start` runs),
// built from the current sources in a throwaway copy of the repository and
// spawned as a real process: it listens, answers /healthz, and does through
// the bundle what its inlined dependencies and lazily loaded chunks must do
// (sign-up, a Fountain import, Fountain and PDF exports, a WebSocket sync).
//
// Breakages it catches (each checked once): a bundle without its module wrapper
// banner (require is not defined: no URL); a native or file-reading
// package inlined (better-sqlite3 fails at load; pdfkit's font data is missing
// from dist: the PDF export answers 500); a webRoot path that only works from src/.

let checkout: { dir: string; remove(): void };
let server: Listening;

beforeAll(async () => {
  checkout = tempCheckout();
  const built = await run(process.execPath, ['scripts/build.mjs', 'server'], checkout.dir);
  expect(built.code, built.stderr).toBe(0);
  server = await startListening(process.execPath, ['packages/server/dist/main.js'], checkout.dir, {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(checkout.dir, 'data'),
    AUTH_MODE: 'local',
    DATABASE_URL: '',
    REDIS_URL: '',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  checkout?.remove();
});

describe('the compiled server', () => {
  it('saves V8 code cache a second after its first start, for the next starts', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(readdirSync(path.join(checkout.dir, 'packages/server/dist')).filter((name) => name.endsWith('.v8-cache'))).toHaveLength(1);
    const again = await startListening(process.execPath, ['packages/server/dist/main.js'], checkout.dir, {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: path.join(checkout.dir, 'data-2'),
      AUTH_MODE: 'local',
      DATABASE_URL: '',
      REDIS_URL: '',
    });
    try {
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      // A start from the code cache still loads pdf.js by import(): fails when the bundle's import() is left to vm,
      // which loses its dynamic import callback with cached data (build.mjs routeDynamicImports).
      const signup = await fetch(`${again.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'cached@example.com', password: 'a long passphrase' }),
      });
      const auth = { authorization: `Bearer ${((await signup.json()) as { token: string }).token}` };
      const created = await fetch(`${again.url}/api/scripts?format=fountain`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'INT. PIER - DAY\n\nGulls.\n' });
      const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;
      const pdf = Buffer.from(await (await fetch(`${again.url}/api/scripts/${scriptId}/export?format=pdf`, { headers: auth })).arrayBuffer());
      const readBack = await fetch(`${again.url}/api/imports?format=pdf`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf' }, body: pdf });
      expect(readBack.status, await readBack.clone().text()).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('listens and answers /healthz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: { writable: true } });
    // No web build in this checkout: the server says how to make one rather than failing.
    expect(await (await fetch(server.url)).text()).toContain('the web client is not built');
  });

  it('signs up, imports a Fountain script, exports it as Fountain and PDF, and syncs it over a WebSocket', async () => {
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'writer@example.com', password: 'a long passphrase' }),
    });
    expect(signup.status).toBe(201);
    const { token } = (await signup.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const created = await fetch(`${server.url}/api/scripts?format=fountain&title=Night`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'INT. KITCHEN - NIGHT\n\nAlice pours coffee.\n\nALICE\nWe open at dawn.\n',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { script } = (await created.json()) as { script: { scriptId: string } };

    const fountain = await fetch(`${server.url}/api/scripts/${script.scriptId}/export?format=fountain`, { headers: auth });
    expect(fountain.status).toBe(200);
    expect(await fountain.text()).toContain('We open at dawn.');

    const pdf = await fetch(`${server.url}/api/scripts/${script.scriptId}/export?format=pdf`, { headers: auth });
    expect(pdf.status, await pdf.clone().text()).toBe(200);
    const pdfBytes = Buffer.from(await pdf.arrayBuffer());
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');

    // pdf.js is an ES module, loaded by an import() inside the CommonJS bundle.
    const readBack = await fetch(`${server.url}/api/imports?format=pdf`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf' }, body: pdfBytes });
    expect(readBack.status, await readBack.clone().text()).toBe(200);
    expect(JSON.stringify(await readBack.json())).toContain('We open at dawn.');

    const firstMessage = await new Promise<Buffer>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws/scripts/${script.scriptId}?token=${token}`);
      socket.once('message', (data: Buffer) => {
        socket.close();
        resolve(data);
      });
      socket.once('error', reject);
      socket.once('close', (code) => reject(new Error(`closed with ${code} before any message`)));
    });
    // y-websocket's first message: messageSync (0), syncStep1 (0).
    expect([...firstMessage.subarray(0, 2)]).toEqual([0, 0]);
  });
});
