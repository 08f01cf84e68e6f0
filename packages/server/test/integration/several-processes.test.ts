/**
 * Several server processes (the real `main.ts`, each a child process) on one
 * PostgreSQL database and one Redis of the test's own, which a test can
 * restart. Stock y-websocket clients write as browsers would; each test
 * checks what writers depend on: every edit reaches everyone, whatever
 * fails, and access changes reach every process at once (sync SPEC
 * [SY33]–[SY41]).
 *
 * Each test names the breakage that fails it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { decodeServerFrame, encodeNoticeRequest, MessageType } from '@writersroom/protocol';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { runCli } from '../support/cli-runner.js';
import { SavingClient } from '../support/saving-client.js';
import { startLoadBalancer, loadBalancerAvailable, type LoadBalancer } from '../support/load-balancer.js';
import { postgresAvailable } from '../support/postgres.js';
import { openRawSocket } from '../support/raw-socket.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { connectStockClient, eventually, line, whenSynced } from '../support/providers.js';
import { redisAvailable } from '../support/redis.js';
import { createScriptFor, metricValue, openTestStorage, type TestStorage } from '../support/test-server.js';

/** Each test's processes share a key prefix of their own: a killed process's socket leases outlive its test. */
let prefix = '';
let tests = 0;

/** Each writer appends a word of its own (`<tag><writer>r<round>;`) to the first line; returns the words. */
function typeRound(writers: readonly WebsocketProvider[], tag: string, round: number): string[] {
  return writers.map((writer, index) => {
    const word = `${tag}${index}r${round};`;
    const text = line(writer.doc);
    text.insert(text.length, word);
    return word;
  });
}

describe.skipIf(!postgresAvailable || !redisAvailable || !loadBalancerAvailable)('several server processes on PostgreSQL and Redis', () => {
  let db: TestStorage;
  let redis: PrivateRedis;
  let children: ChildServer[] = [];
  let clients: WebsocketProvider[] = [];
  let balancer: LoadBalancer | undefined;
  let savingClients: SavingClient[] = [];

  const start = async (env: Record<string, string> = {}) => {
    // One account types from many sockets here, past the default per-account quota.
    const child = await startChildServer(db.location, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, MAX_SOCKETS_PER_ACCOUNT: '100', ...env });
    children.push(child);
    return child;
  };
  const client = (wsBase: string, scriptId: string, name = 'ada', params: Record<string, string> = {}) => {
    const provider = connectStockClient(wsBase, scriptId, name, new Y.Doc(), params);
    clients.push(provider);
    return provider;
  };
  /** Writer X on A types a line, and waits until Y, a client counting its Saved, has it on B. */
  const typedOnAReachingB = async (a: ChildServer, b: ChildServer) => {
    const scriptId = await createScriptFor(db.storage, 'ada');
    const [x, y] = [a, b].map((server) => new SavingClient(`${server.wsBase}/${scriptId}?token=dev:ada`)) as [SavingClient, SavingClient];
    savingClients.push(x, y);
    await Promise.all([x.connect(), y.connect()]);
    line(x.doc).insert(0, 'typed on A');
    await eventually(() => line(y.doc).toString().includes('typed on A'), 'the edit reaches B');
    return { scriptId, y };
  };
  /** The first line of the script as its stored rows hold it. */
  const storedFirstLine = async (scriptId: string) => {
    const stored = new Y.Doc();
    for (const row of await db.storage.loadVersions(scriptId)) Y.applyUpdate(stored, row.update);
    return line(stored).toString();
  };
  const contentOf = (provider: WebsocketProvider) => provider.doc.getXmlFragment('default').toString();
  const converged = (providers: WebsocketProvider[]) => providers.every((provider) => contentOf(provider) === contentOf(providers[0]!));

  beforeAll(async () => {
    db = await openTestStorage('postgres');
    // A subscriber that falls 16 KiB behind is disconnected, as Redis does to any slow subscriber at its (larger)
    // default: a paused process then misses messages for real.
    redis = await startPrivateRedis(['--client-output-buffer-limit', 'pubsub 16kb 16kb 0']);
  });
  beforeEach(() => {
    tests += 1;
    prefix = `wrtest-processes-${tests}:`;
  });
  afterEach(async () => {
    for (const provider of clients) provider.destroy();
    clients = [];
    for (const saving of savingClients) saving.close();
    savingClients = [];
    await balancer?.close();
    balancer = undefined;
    await Promise.all(children.map((child) => (child.process.exitCode === null && child.process.signalCode === null ? child.kill('SIGKILL') : undefined)));
    children = [];
  });
  afterAll(async () => {
    await redis.stop();
    await db.cleanup();
  });

  it('two stock clients on different processes edit at random and converge, live and after every process restarts', async () => {
    // Fails without the fan-out (RedisFanOut replaced by SINGLE_PROCESS in writers-room.ts): neither sees the other's edits.
    const [a, b] = await Promise.all([start(), start()]);
    const scriptId = await createScriptFor(db.storage, 'ada');
    const writers = [client(a.wsBase, scriptId), client(b.wsBase, scriptId)];
    await Promise.all(writers.map((writer) => whenSynced(writer)));
    let seed = 7;
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below;
    for (let round = 0; round < 60; round += 1) {
      const text = line(writers[round % 2]!.doc);
      if (text.length > 4 && random(4) === 0) text.delete(random(text.length - 2), 2);
      else text.insert(random(text.length + 1), `${round % 2 === 0 ? 'a' : 'b'}${round}`);
      if (round % 5 === 0) await new Promise((resolve) => setTimeout(resolve, random(20)));
    }
    line(writers[0]!.doc).insert(0, '[end a]');
    line(writers[1]!.doc).insert(0, '[end b]');
    await eventually(() => converged(writers) && contentOf(writers[0]!).includes('[end b]') && contentOf(writers[1]!).includes('[end a]'), 'both writers see the same script');
    const live = contentOf(writers[0]!);

    for (const writer of writers) writer.destroy();
    await Promise.all(children.map((child) => child.kill('SIGTERM')));
    children = [];
    const [c, d] = await Promise.all([start(), start()]);
    const readers = [client(c.wsBase, scriptId), client(d.wsBase, scriptId)];
    await Promise.all(readers.map((reader) => whenSynced(reader)));
    expect(readers.map(contentOf)).toEqual([live, live]);
  }, 60_000);

  it('Redis restarted while 20 writers on 3 processes type: every process and client ends with every edit', async () => {
    // Fails if a catch-up reads nothing (RoomRegistry.readStoredRows returning at once): edits made on one process
    // while Redis was down never reach the others, and their writers stay apart.
    const processes = await Promise.all([start(), start(), start()]);
    const scriptId = await createScriptFor(db.storage, 'ada');
    const writers = Array.from({ length: 20 }, (_, index) => client(processes[index % 3]!.wsBase, scriptId));
    await Promise.all(writers.map((writer) => whenSynced(writer)));
    const typed: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      typed.push(...typeRound(writers, 'w', round));
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (round === 1) await redis.stop();
      if (round === 3) await redis.start();
    }
    await eventually(() => converged(writers) && typed.every((word) => contentOf(writers[0]!).includes(word)), 'every writer sees every edit', 20_000);
    const readers = processes.map((process) => client(process.wsBase, scriptId, 'ada'));
    await Promise.all(readers.map((reader) => whenSynced(reader)));
    for (const reader of readers) for (const word of typed) expect(contentOf(reader)).toContain(word);
  }, 60_000);

  it('kill -9 of one of three behind the load balancer: its writers carry on elsewhere, nothing is lost, its presence goes', async () => {
    // Fails without the process heartbeat (RedisFanOut.beat not dropping silent peers): the killed process's writer
    // stays listed for the other processes' writers until its awareness times out, 30 s later.
    const processes = await Promise.all([start(), start(), start()]);
    balancer = await startLoadBalancer(processes.map((process) => Number(new URL(process.url).port)));
    const scriptId = await createScriptFor(db.storage, 'ada');
    const writers = Array.from({ length: 6 }, () => client(balancer!.wsBase, scriptId));
    const doomedWriter = client(processes[2]!.wsBase, scriptId);
    const watcher = client(processes[0]!.wsBase, scriptId);
    await Promise.all([...writers, doomedWriter, watcher].map((provider) => whenSynced(provider)));
    doomedWriter.awareness.setLocalStateField('user', { name: 'Bo', color: '#112233' });
    await eventually(() => watcher.awareness.getStates().has(doomedWriter.awareness.clientID), 'the watcher sees the writer on the third process');

    const typed = typeRound(writers, 'k', 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    typed.push(...typeRound(writers, 'k', 1));
    await processes[2]!.kill('SIGKILL');
    typed.push(...typeRound(writers, 'k', 2));
    await eventually(() => !watcher.awareness.getStates().has(doomedWriter.awareness.clientID), 'the dead process’s writer leaves the list', 6_000);
    doomedWriter.destroy();
    typed.push(...typeRound(writers, 'k', 3));
    const everyone = [...writers, watcher];
    await eventually(() => converged(everyone) && typed.every((word) => contentOf(watcher).includes(word)), 'every edit reaches everyone', 20_000);
  }, 60_000);

  it('a process paused for 5 s with SIGSTOP misses messages, catches up when continued, and its writers converge', async () => {
    // Fails without the catch-up on reconnect (RedisFanOut.onSubscriberReady not calling catchUp): Redis dropped the
    // paused process's subscription, and what was published meanwhile never reaches it or its writers.
    const processes = await Promise.all([start(), start(), start()]);
    const scriptId = await createScriptFor(db.storage, 'ada');
    const writers = Array.from({ length: 6 }, (_, index) => client(processes[index % 3]!.wsBase, scriptId));
    await Promise.all(writers.map((writer) => whenSynced(writer)));
    const paused = processes[2]!;
    paused.process.kill('SIGSTOP');
    const typed: string[] = [];
    const pauseEnds = Date.now() + 5_000;
    for (let round = 0; Date.now() < pauseEnds; round += 1) {
      typed.push(...typeRound(writers, 'p', round));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    paused.process.kill('SIGCONT');
    await eventually(() => converged(writers) && typed.every((word) => contentOf(writers[0]!).includes(word)), 'every writer sees every edit', 20_000);
    const reader = client(paused.wsBase, scriptId);
    await whenSynced(reader);
    for (const word of typed) expect(contentOf(reader)).toContain(word);
    expect(await metricValue(paused.url, 'writersroom_fanout_catch_ups_total', 'reason="reconnect"')).toBeGreaterThan(0);
  }, 60_000);

  it('Saved on B for content that first reached B through the fan-out comes only once A committed it', async () => {
    // Fails if B does not wait for A's commit (RoomRegistry's fan-out target not calling room.holdUntilStored): B
    // receives the edit at once, acknowledges Y's copy of it, and A commits it 400 ms later.
    const [a, b] = await Promise.all([start({ COMMIT_WINDOW_MS: '400' }), start()]);
    const { scriptId, y } = await typedOnAReachingB(a, b);
    y.sendFullState();
    await y.whenSaved();
    expect(await storedFirstLine(scriptId)).toContain('typed on A');
  });

  it('an edit whose process was killed before committing it is stored by the process it reached, and Saved there only then', async () => {
    // Fails without storing orphans (RedisFanOut.storeOrphans doing nothing): Y's Saved never comes, and the
    // edit, in no row, would be gone at the next load.
    const [a, b] = await Promise.all([start({ COMMIT_WINDOW_MS: '1000' }), start()]);
    const { scriptId, y } = await typedOnAReachingB(a, b);
    await a.kill('SIGKILL');
    y.sendFullState();
    await y.whenSaved(15_000);
    expect(await storedFirstLine(scriptId)).toContain('typed on A');
    expect(await metricValue(b.url, 'writersroom_fanout_orphans_stored_total')).toBeGreaterThan(0);
  }, 30_000);

  it('/healthz and /metrics show the fan-out: its peers, and a Redis outage without a 503', async () => {
    // Fails if /healthz answers 503 while Redis is down (fanOut.connected counted as storage health), or if the
    // fan-out's health is left out of /healthz (fanOut: null).
    const [a] = await Promise.all([start(), start()]);
    const health = async () => {
      const response = await fetch(`${a.url}/healthz`);
      return { status: response.status, fanOut: ((await response.json()) as { fanOut: { connected: boolean; peers: number } | null }).fanOut };
    };
    await eventually(async () => (await health()).fanOut?.peers === 1, 'A hears from B');
    expect(await health()).toMatchObject({ status: 200, fanOut: { connected: true, peers: 1 } });
    expect(await metricValue(a.url, 'writersroom_fanout_redis_connected')).toBe(1);
    await redis.stop();
    try {
      await eventually(async () => (await health()).fanOut?.connected === false, 'A sees Redis gone');
      expect((await health()).status).toBe(200);
      expect(await metricValue(a.url, 'writersroom_fanout_redis_connected')).toBe(0);
    } finally {
      await redis.start();
    }
    await eventually(async () => (await health()).fanOut?.connected === true, 'A is back on Redis', 15_000);
  }, 30_000);

  it('removing a collaborator on A closes their socket on B within a second', async () => {
    // Fails without the access relay (AccessEvents.relayTo never called): B keeps the socket open.
    const [a, b] = await Promise.all([start(), start()]);
    const scriptId = await createScriptFor(db.storage, 'ada');
    const bo = await db.storage.provisionUser({ firebaseUid: 'dev:bo', displayName: 'bo' });
    await db.storage.setCollaborator(scriptId, bo.userId, 'editor');
    const socket = new WebSocket(`${b.wsBase}/${scriptId}?token=dev:bo`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<{ code: number; at: number }>((resolve) => socket.once('close', (code) => resolve({ code, at: Date.now() })));
    const removedAt = Date.now();
    const removal = await fetch(`${a.url}/api/scripts/${scriptId}/collaborators/${bo.userId}`, { method: 'DELETE', headers: { authorization: 'Bearer dev:ada' } });
    expect(removal.status).toBe(204);
    const { code, at } = await closed;
    expect(code).toBe(4003);
    expect(at - removedAt).toBeLessThan(1_000);
  });

  it('a comment and a named draft made on A are noticed on B at once, and a restore on A reaches B\'s writer live', async () => {
    // Fails if notices are published to this process's sockets only (AccessEvents.receive instead of publish in the comment routes).
    const [a, b] = await Promise.all([start(), start()]);
    const scriptId = await createScriptFor(db.storage, 'ada');
    const listener = await openRawSocket(`${b.wsBase}/${scriptId}?token=dev:ada`);
    listener.send(encodeNoticeRequest());
    const writer = client(a.wsBase, scriptId);
    const reader = client(b.wsBase, scriptId);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    line(writer.doc).insert(0, 'The draft line.');
    await eventually(() => line(reader.doc).toString() === 'The draft line.', 'B has the line');
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${a.url}${path}`, {
        method,
        headers: { authorization: 'Bearer dev:ada', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const draft = (await (await call('POST', `/api/scripts/${scriptId}/history`, { name: 'Draft A' })).json()) as { checkpoint: { checkpointId: string } };
    const encode = (index: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(line(writer.doc), index, assoc))).toString('base64');
    expect((await call('POST', `/api/scripts/${scriptId}/comments`, { anchor: { start: encode(4, 0), end: encode(9, -1) }, quote: 'draft', body: 'Which draft?' })).status).toBe(201);
    const noticed = (topic: string) =>
      listener.received.some((frame) => {
        if (frame[0] !== MessageType.Notice) return false;
        const decoded = decodeServerFrame(frame);
        return decoded.type === 'notice' && decoded.topic === topic;
      });
    await eventually(() => noticed('comments') && noticed('history'), 'B tells its page of the comment and the draft');

    line(reader.doc).insert(0, 'Rewritten on B. ');
    await eventually(() => line(writer.doc).toString().startsWith('Rewritten on B.'), 'A has the rewrite');
    expect((await call('POST', `/api/scripts/${scriptId}/history/${draft.checkpoint.checkpointId}/restore`)).status).toBe(200);
    await eventually(() => line(reader.doc).toString() === 'The draft line.', 'the restore made on A shows on B');
    listener.ws.close();
  });

  it('deleting a script on A closes its sockets on B (4004) within a second; lowering a role on A makes B refuse that writer\'s edits', async () => {
    // Fails if the delete route closes only this process's sockets (writers-room.ts calling syncServer.closeScript
    // instead of publishing 'script-deleted'), or if role changes are not relayed (AccessEvents.relayTo never called).
    const [a, b] = await Promise.all([start(), start()]);
    const deleted = await createScriptFor(db.storage, 'ada');
    const socket = new WebSocket(`${b.wsBase}/${deleted}?token=dev:ada`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<{ code: number; at: number }>((resolve) => socket.once('close', (code) => resolve({ code, at: Date.now() })));
    const deletedAt = Date.now();
    expect((await fetch(`${a.url}/api/scripts/${deleted}`, { method: 'DELETE', headers: { authorization: 'Bearer dev:ada' } })).status).toBe(200);
    const { code, at } = await closed;
    expect(code).toBe(4004);
    expect(at - deletedAt).toBeLessThan(1_000);

    const shared = await createScriptFor(db.storage, 'ada');
    const bo = await db.storage.provisionUser({ firebaseUid: 'dev:bo', displayName: 'bo' });
    await db.storage.setCollaborator(shared, bo.userId, 'editor');
    const writer = client(b.wsBase, shared, 'bo');
    await whenSynced(writer);
    const lowered = await fetch(`${a.url}/api/scripts/${shared}/collaborators/${bo.userId}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer dev:ada', 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(lowered.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    line(writer.doc).insert(0, 'a viewer now');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stored = new Y.Doc();
    for (const row of await db.storage.loadVersions(shared)) Y.applyUpdate(stored, row.update);
    expect(line(stored).toString()).not.toContain('a viewer now');
  });

  it('signing out on A makes B refuse the token at once, though B had it cached', async () => {
    // Fails without 'token-forgotten' crossing processes (writers-room.ts not publishing it): B's verified-token cache
    // accepts the token for its TTL (a minute).
    const [a, b] = await Promise.all([start({ AUTH_MODE: 'local' }), start({ AUTH_MODE: 'local' })]);
    const signUp = await fetch(`${a.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cy@example.com', password: 'a long enough password', displayName: 'Cy' }),
    });
    expect(signUp.status).toBe(201);
    const { token } = (await signUp.json()) as { token: string };
    const listOnB = () => fetch(`${b.url}/api/scripts`, { headers: { authorization: `Bearer ${token}` } });
    expect((await listOnB()).status).toBe(200);
    const signOut = await fetch(`${a.url}/api/auth/signout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(signOut.status).toBe(204);
    await eventually(async () => (await listOnB()).status === 401, 'B refuses the signed-out token', 1_000);
  });

  it('a reseed with the script open on two processes: both close their stale copies (4410) and serve the new generation', async () => {
    // Fails without the CLI's announcement (tellServersOfReplacement not called by reseed): both processes keep
    // serving the old document to generation-0 clients, which then write it into the new one.
    const [a, b] = await Promise.all([start(), start()]);
    const scriptId = await createScriptFor(db.storage, 'ada');
    const closes = [a, b].map((process) => {
      const socket = new WebSocket(`${process.wsBase}/${scriptId}?token=dev:ada&generation=0`);
      return new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    });
    const writers = [client(a.wsBase, scriptId), client(b.wsBase, scriptId)];
    await Promise.all(writers.map((writer) => whenSynced(writer)));
    line(writers[0]!.doc).insert(0, 'OLD COPY ');
    await eventually(() => contentOf(writers[1]!).includes('OLD COPY'), 'the edit reaches B');
    // Reseeding builds the document from content_blocks: the projection of the edit.
    await eventually(async () => ((await db.storage.getScript(scriptId))?.contentBlocks?.length ?? 0) > 0, 'the edit is projected', 10_000);
    for (const writer of writers) writer.destroy();

    const reseed = await runCli(['reseed', scriptId, '--execute'], { location: db.location, env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix } });
    expect(reseed.code, reseed.stderr).toBe(0);
    expect(await Promise.all(closes)).toEqual([4410, 4410]);
    for (const process of [a, b]) {
      const stale = new WebSocket(`${process.wsBase}/${scriptId}?token=dev:ada&generation=0`);
      expect(await new Promise((resolve) => stale.once('close', resolve))).toBe(4410);
      const fresh = client(process.wsBase, scriptId, 'ada', { generation: '1' });
      await whenSynced(fresh);
      expect(contentOf(fresh)).toContain('OLD COPY');
    }
  });
});
