import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@writersroom/protocol';
import { SCREENPLAY_SCHEMA_VERSION } from '@writersroom/screenplay';
import { openRawSocket } from '../support/raw-socket.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor } from '../support/test-server.js';

describe('[SY1] socket admission', () => {
  const suite = useServerSuite();
  let scriptId: string;

  beforeAll(async () => {
    scriptId = await createScriptFor(suite.db.storage, 'owner', 'Private draft');
  });

  const cases = [
    { name: 'no token', path: () => `${scriptId}`, code: CloseCode.Unauthenticated },
    { name: 'a malformed token', path: () => `${scriptId}?token=not-a-token`, code: CloseCode.Unauthenticated },
    { name: 'an unknown script id', path: () => `${randomUUID()}?token=dev:owner`, code: CloseCode.ScriptNotFound },
    { name: 'a malformed script id', path: () => `not-a-uuid?token=dev:owner`, code: CloseCode.ScriptNotFound },
    { name: "someone else's script", path: () => `${scriptId}?token=dev:stranger`, code: CloseCode.Forbidden },
    // [SY31] An editor of an older schema would delete the elements it does not know from everyone's script.
    { name: 'a client built for an older screenplay schema', path: () => `${scriptId}?token=dev:owner&schema=${SCREENPLAY_SCHEMA_VERSION - 1}`, code: CloseCode.ClientOutdated },
  ];

  for (const { name, path, code } of cases) {
    it(`refuses ${name} with ${code} before sending any document byte`, async () => {
      const socket = await openRawSocket(`${suite.server.wsBase}/${path()}`);
      expect((await socket.closed).code).toBe(code);
      expect(socket.received).toHaveLength(0);
    });
  }

  it('refuses a soft-deleted script with 4004 and closes its open sockets', async () => {
    const doomed = await createScriptFor(suite.db.storage, 'owner', 'Doomed');
    const open = await openRawSocket(`${suite.server.wsBase}/${doomed}?token=dev:owner`);
    await open.next();
    const response = await suite.call('DELETE', `/api/scripts/${doomed}`, 'owner');
    expect(response.status).toBe(200);
    expect((await open.closed).code).toBe(CloseCode.ScriptNotFound);
    const again = await openRawSocket(`${suite.server.wsBase}/${doomed}?token=dev:owner`);
    expect((await again.closed).code).toBe(CloseCode.ScriptNotFound);
  });

  it('answers a path outside /ws/scripts/:id with an HTTP 404, not an upgrade', async () => {
    await expect(openRawSocket(`${suite.server.url.replace('http', 'ws')}/ws/elsewhere`)).rejects.toThrow(/404/);
  });
});
