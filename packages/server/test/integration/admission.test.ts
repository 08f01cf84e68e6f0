import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@writersroom/protocol';
import { openRawSocket } from '../support/raw-socket.js';
import { createScriptFor, openTestStorage, startTestServer, type TestServer, type TestStorage } from '../support/test-server.js';

describe('[SY1] socket admission', () => {
  let db: TestStorage;
  let server: TestServer;
  let scriptId: string;

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    server = await startTestServer(db.storage);
    scriptId = await createScriptFor(db.storage, 'owner', 'Private draft');
  });
  afterAll(async () => {
    await server.close();
    await db.cleanup();
  });

  const cases = [
    { name: 'no token', path: () => `${scriptId}`, code: CloseCode.Unauthenticated },
    { name: 'a malformed token', path: () => `${scriptId}?token=not-a-token`, code: CloseCode.Unauthenticated },
    { name: 'an unknown script id', path: () => `${randomUUID()}?token=dev:owner`, code: CloseCode.ScriptNotFound },
    { name: 'a malformed script id', path: () => `not-a-uuid?token=dev:owner`, code: CloseCode.ScriptNotFound },
    { name: "someone else's script", path: () => `${scriptId}?token=dev:stranger`, code: CloseCode.Forbidden },
  ];

  for (const { name, path, code } of cases) {
    it(`refuses ${name} with ${code} before sending any document byte`, async () => {
      const socket = await openRawSocket(`${server.wsBase}/${path()}`);
      expect((await socket.closed).code).toBe(code);
      expect(socket.received).toHaveLength(0);
    });
  }

  it('refuses a soft-deleted script with 4004 and closes its open sockets', async () => {
    const doomed = await createScriptFor(db.storage, 'owner', 'Doomed');
    const open = await openRawSocket(`${server.wsBase}/${doomed}?token=dev:owner`);
    await open.next();
    const response = await fetch(`${server.url}/api/scripts/${doomed}`, { method: 'DELETE', headers: { authorization: 'Bearer dev:owner' } });
    expect(response.status).toBe(200);
    expect((await open.closed).code).toBe(CloseCode.ScriptNotFound);
    const again = await openRawSocket(`${server.wsBase}/${doomed}?token=dev:owner`);
    expect((await again.closed).code).toBe(CloseCode.ScriptNotFound);
  });

  it('answers a path outside /ws/scripts/:id with an HTTP 404, not an upgrade', async () => {
    await expect(openRawSocket(`${server.url.replace('http', 'ws')}/ws/elsewhere`)).rejects.toThrow(/404/);
  });
});
