/**
 * History and Trash raced across two real server processes (`main.ts`,
 * each a child process) on one database, SQLite file or PostgreSQL, with
 * Redis between them, plus the CLI: named drafts taken at once on both,
 * writing going quiet on both at once, a delete for good while the other
 * process still holds the script, a restore from the Trash racing it, and
 * a restore from history by the CLI while writers type (sync SPEC [SY42]
 * [SY43] [SY45], storage [ST42] [ST45] [ST47]).
 *
 * Each test names the breakage that fails it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readExportFile } from '../../src/cli/export-file.js';
import { openContent } from '../../src/history/checkpoint-content.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { runCli } from '../support/cli-runner.js';
import { eventually, line } from '../support/providers.js';
import { openTestRedis, redisAvailable, redisUrl, type TestRedis } from '../support/redis.js';
import { SavingClient } from '../support/saving-client.js';
import { scriptRowCounts } from '../support/script-rows.js';
import { createScriptFor, metricValue, openTestStorage, STORAGE_KINDS, type TestStorage } from '../support/test-server.js';
import { Typist } from '../support/typist.js';

const QUIET_MS = 1_000;
/** Long enough for a delete for good to land while the other process still holds the script. */
const UNLOAD_GRACE_MS = 1_500;
const DRAFTS = 10;
const RACE_ROUNDS = 20;

/** A server process whose warnings and errors the test reads back. */
interface Process extends ChildServer {
  /** Log records at warn or above, as parsed JSON. */
  problems(): Array<Record<string, unknown>>;
}

function collectProblems(child: ChildServer): Process {
  const records: Array<Record<string, unknown>> = [];
  let pending = '';
  child.process.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.startsWith('{')) continue;
      const record = JSON.parse(text) as Record<string, unknown>;
      if (Number(record.level) >= 40) records.push(record);
    }
  });
  return Object.assign(child, { problems: () => records });
}

const mentioning = (records: Array<Record<string, unknown>>, scriptId: string) => records.filter((record) => JSON.stringify(record).includes(scriptId));

/** The first line of a stored checkpoint. */
async function checkpointText(db: TestStorage, scriptId: string, checkpointId: string): Promise<string> {
  const stored = await db.storage.getCheckpoint(scriptId, checkpointId);
  if (!stored) throw new Error(`no checkpoint ${checkpointId}`);
  const doc = await openContent(stored.content);
  try {
    return line(doc).toString();
  } finally {
    doc.destroy();
  }
}

const contentOf = (client: SavingClient) => client.doc.getXmlFragment('default').toString();

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available || !redisAvailable)(`history and trash across two server processes on ${kind}`, () => {
    let db: TestStorage;
    let redis: TestRedis;
    let deletedScriptsDir: string;
    let a: Process;
    let b: Process;
    let clients: SavingClient[] = [];

    beforeAll(async () => {
      db = await openTestStorage(kind);
      redis = await openTestRedis();
      deletedScriptsDir = mkdtempSync(path.join(tmpdir(), 'wr-deleted-'));
      const env = {
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: redis.prefix,
        HISTORY_QUIET_MS: String(QUIET_MS),
        UNLOAD_GRACE_MS: String(UNLOAD_GRACE_MS),
        DELETED_SCRIPTS_DIR: deletedScriptsDir,
        // One account writes from many sockets and sends many requests here.
        MAX_SOCKETS_PER_ACCOUNT: '1000',
        RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE: '100000',
        RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '100000',
        RATE_LIMIT_EXPORTS_PER_MINUTE: '100000',
        LOG_LEVEL: 'warn',
      };
      [a, b] = (await Promise.all([startChildServer(db.location, env), startChildServer(db.location, env)])).map(collectProblems) as [Process, Process];
    }, 60_000);
    afterEach(() => {
      for (const client of clients) client.close();
      clients = [];
    });
    afterAll(async () => {
      await Promise.all([a, b].map((server) => server?.kill('SIGTERM')));
      await redis?.cleanup();
      await db?.cleanup();
      rmSync(deletedScriptsDir, { recursive: true, force: true });
    });

    const call = async (server: ChildServer, method: string, url: string, body?: unknown) => {
      const response = await fetch(`${server.url}${url}`, {
        method,
        headers: { authorization: 'Bearer dev:ann', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
    };
    const writer = async (server: ChildServer, scriptId: string, tag: string) => {
      const client = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:ann`);
      clients.push(client);
      await client.connect();
      return new Typist(client, tag);
    };
    const converged = (typists: Typist[]) => typists.every((typist) => contentOf(typist.client) === contentOf(typists[0]!.client));

    it('[SY42] named drafts taken at once on both processes while writers type: each stored and listed once, each a state that existed', async () => {
      // Breakages that fail it: B not applying what A's writers typed (RoomRegistry's fan-out target dropping remote
      // updates): a draft taken on B lacks lines Saved on A; named drafts deduplicated like automatic ones
      // (`onlyIfChanged: true` for every checkpoint in Checkpointer.store): drafts of the same moment answer 500.
      const scriptId = await createScriptFor(db.storage, 'ann');
      const typists = [await writer(a, scriptId, 'a'), await writer(b, scriptId, 'b'), await writer(a, scriptId, 'c'), await writer(b, scriptId, 'd')];
      for (const typist of typists) typist.start();
      await eventually(() => typists.every((typist) => typist.saved.length >= 3), 'every writer has typed');

      const requests = Array.from({ length: DRAFTS }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 7));
        const savedBefore = typists.flatMap((typist) => [...typist.saved]);
        const response = await call(index % 2 === 0 ? a : b, 'POST', `/api/scripts/${scriptId}/history`, { name: `Draft ${index}` });
        return { index, savedBefore, response };
      });
      const drafts = await Promise.all(requests);
      for (const typist of typists) await typist.stop();

      for (const { response } of drafts) expect(response.status).toBe(201);
      const ids = drafts.map(({ response }) => response.body.checkpoint.checkpointId as string);
      expect(new Set(ids).size).toBe(DRAFTS);
      for (const server of [a, b]) {
        const listed = (await call(server, 'GET', `/api/scripts/${scriptId}/history`)).body.checkpoints as Array<{ checkpointId: string; kind: string; name: string }>;
        const named = listed.filter((checkpoint) => checkpoint.kind === 'named');
        expect(named.map((checkpoint) => checkpoint.name).sort()).toEqual(drafts.map(({ index }) => `Draft ${index}`).sort());
        expect(named.map((checkpoint) => checkpoint.checkpointId).sort()).toEqual([...ids].sort());
      }
      for (const { index, savedBefore, response } of drafts) {
        expect(response.body.checkpoint.name).toBe(`Draft ${index}`);
        const text = await checkpointText(db, scriptId, response.body.checkpoint.checkpointId);
        for (const word of savedBefore) expect(text, `Draft ${index} lacks ${word}, Saved before it was asked for`).toContain(word);
        for (const typist of typists) expect(typist.isPrefixIn(text), `Draft ${index}: ${text}`).toBe(true);
      }
    }, 30_000);

    it('[SY45] [ST47] writing goes quiet on both processes at once with the same content: one automatic checkpoint, no failure', async () => {
      // Breakage that fails it: saveCheckpoint's newest-hash check and insert in a plain transaction instead of under
      // the script's lock (checkpoint-queries.ts): on PostgreSQL both processes store the content; on SQLite the later
      // one fails with SQLITE_BUSY and counts a checkpoint failure.
      const SCRIPTS = 6;
      const scripts = await Promise.all(Array.from({ length: SCRIPTS }, () => createScriptFor(db.storage, 'ann')));
      const pairs = await Promise.all(scripts.map(async (scriptId) => [await writer(a, scriptId, 'a'), await writer(b, scriptId, 'b')] as const));
      const failuresBefore = (await metricValue(a.url, 'writersroom_checkpoint_failures_total')) + (await metricValue(b.url, 'writersroom_checkpoint_failures_total'));
      for (let round = 0; round < 3; round++) await Promise.all(pairs.flat().map((typist) => typist.type()));
      await eventually(() => pairs.every((pair) => converged([...pair])), 'both processes hold the same content');

      const automatic = async (scriptId: string) => (await db.storage.listCheckpoints(scriptId)).filter((checkpoint) => checkpoint.kind === 'auto');
      await eventually(async () => (await Promise.all(scripts.map(automatic))).every((list) => list.length > 0), 'every script is checkpointed', 10_000);
      // Both quiet periods have ended by now; a duplicate would be stored within a few milliseconds of the first.
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      for (const scriptId of scripts) {
        const hashes = (await automatic(scriptId)).map((checkpoint) => checkpoint.contentHash);
        expect(hashes, `script ${scriptId}`).toHaveLength(1);
      }
      const failuresAfter = (await metricValue(a.url, 'writersroom_checkpoint_failures_total')) + (await metricValue(b.url, 'writersroom_checkpoint_failures_total'));
      expect(failuresAfter).toBe(failuresBefore);
    }, 30_000);

    /** A script with a row in every table that hangs off it: its log typed on A and B (both hold it), a checkpoint, a comment, a collaborator. */
    const fullScript = async () => {
      const scriptId = await createScriptFor(db.storage, 'ann');
      const bo = await db.storage.provisionUser({ firebaseUid: 'dev:bo', displayName: 'bo' });
      await db.storage.setCollaborator(scriptId, bo.userId, 'editor');
      const typists = [await writer(a, scriptId, 'a'), await writer(b, scriptId, 'b')];
      await Promise.all(typists.map((typist) => typist.type()));
      // Taken on B, which so has its checkpoint worker running: B's own checkpoints are packed in milliseconds, so
      // whatever B makes of the script is over by the time it unloads it.
      expect((await call(b, 'POST', `/api/scripts/${scriptId}/history`, { name: 'Before the trash' })).status).toBe(201);
      const text = line(typists[0]!.client.doc);
      const at = (index: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc))).toString('base64');
      const comment = { anchor: { start: at(0, 0), end: at(2, -1) }, quote: text.toString().slice(0, 2), body: 'Keep?' };
      expect((await call(a, 'POST', `/api/scripts/${scriptId}/comments`, comment)).status).toBe(201);
      // B's writer types last, so B has an automatic checkpoint due when its room unloads.
      await typists[1]!.type();
      return { scriptId, typists };
    };
    /**
     * What of the script the storage shows, to compare before and after: its projection and its automatic
     * checkpoints are left out, which B's room may still add to while it unloads (more, never fewer).
     */
    const everything = async (scriptId: string) => {
      const script = await db.storage.getScript(scriptId, { includeDeleted: true });
      return {
        script: script && { scriptId: script.scriptId, ownerId: script.ownerId, title: script.title, generation: script.generation, inTrash: script.deletedAt !== null },
        versions: await db.storage.loadVersions(scriptId),
        drafts: (await db.storage.listCheckpoints(scriptId)).filter((checkpoint) => checkpoint.kind !== 'auto'),
        threads: await db.storage.listThreads(scriptId),
        collaborators: await db.storage.listCollaborators(scriptId),
      };
    };
    const none = { scripts: 0, script_versions: 0, script_collaborators: 0, script_invitations: 0, share_links: 0, script_checkpoints: 0, script_comment_threads: 0, script_comments: 0 };
    const unloadedOnB = () => eventually(async () => (await metricValue(b.url, 'writersroom_loaded_scripts')) === 0, 'B unloads every script', 15_000);
    const exported = async (file: string) => (await readExportFile(path.join(deletedScriptsDir, file))).rows.map((row) => row.update);

    it('[SY45] [ST45] deleted for good on A while B still holds the script: every row goes, and B unloads without an error or a row', async () => {
      // Breakage that fails it: the checkpointer treating a script deleted for good like a storage failure (history/
      // checkpointer.ts without its deletedForGood check): B's quiet period and unload each log "could not store an automatic
      // checkpoint" for it (a foreign-key violation) and count a checkpoint failure.
      const { scriptId } = await fullScript();
      const failuresBefore = await metricValue(b.url, 'writersroom_checkpoint_failures_total');
      const rows = (await db.storage.loadVersions(scriptId)).map((row) => row.update);
      expect((await call(a, 'DELETE', `/api/scripts/${scriptId}`)).status).toBe(200);
      const deleted = await call(a, 'DELETE', `/api/scripts/${scriptId}/permanently`);
      expect(deleted.status).toBe(200);
      expect(await exported(deleted.body.exportFile)).toEqual(rows);
      expect(await scriptRowCounts(db.location, scriptId)).toEqual(none);

      await unloadedOnB();
      expect(await scriptRowCounts(db.location, scriptId)).toEqual(none);
      expect(mentioning(b.problems(), scriptId)).toEqual([]);
      expect(mentioning(a.problems(), scriptId)).toEqual([]);
      expect(await metricValue(b.url, 'writersroom_checkpoint_failures_total')).toBe(failuresBefore);
    }, 30_000);

    it(`[SY45] [ST45] a restore from the Trash on B racing a delete for good on A has one winner, ${RACE_ROUNDS} rounds`, async () => {
      // Breakage that fails it: the restore route answering 200 with the script it read before the update
      // (api/scripts/routes.ts, `restored ?? script`): when the delete commits between the two, both win and the
      // script is gone. Leaving the refused delete's export file behind fails the last check of a round restore won.
      // On SQLite, deleteScriptForever in a plain (deferred) transaction: a commit of B's between its read and its
      // delete fails it with SQLITE_BUSY, a 500.
      const outcomes = { restored: 0, deleted: 0 };
      let deleteMs = 20;
      // Someone writing another script on B all along: commits of other processes land inside the delete's transaction.
      const elsewhere = await writer(b, await createScriptFor(db.storage, 'ann'), 'e');
      elsewhere.start(5);
      for (let round = 0; round < RACE_ROUNDS; round++) {
        const { scriptId, typists } = await fullScript();
        for (const typist of typists) typist.client.close();
        expect((await call(a, 'DELETE', `/api/scripts/${scriptId}`)).status).toBe(200);
        const before = await everything(scriptId);
        // The delete exports before its transaction: the restore is sent at a random moment of the last delete's span.
        const sent = performance.now();
        const removing = call(a, 'DELETE', `/api/scripts/${scriptId}/permanently`).then((response) => ((deleteMs = performance.now() - sent), response));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * deleteMs));
        const [restore, remove] = await Promise.all([call(b, 'POST', `/api/scripts/${scriptId}/restore`), removing]);
        const statuses = { round, restore: restore.status, remove: remove.status };
        if (restore.status === 200) {
          outcomes.restored += 1;
          expect(statuses).toEqual({ round, restore: 200, remove: 409 });
          expect(await everything(scriptId)).toEqual({ ...before, script: { ...before.script, inTrash: false } });
          expect(readdirSync(deletedScriptsDir).filter((file) => file.includes(scriptId))).toEqual([]);
        } else {
          outcomes.deleted += 1;
          // 403 when the delete commits between the restore's two reads of the script and the caller's role.
          expect(statuses).toEqual({ round, restore: expect.toSatisfy((status: number) => status === 404 || status === 403), remove: 200 });
          expect(await scriptRowCounts(db.location, scriptId)).toEqual(none);
          expect(await exported(remove.body.exportFile)).toEqual(before.versions.map((row) => row.update));
        }
      }
      await elsewhere.stop();
      elsewhere.client.close();
      console.info(`${kind}: restore from the Trash won ${outcomes.restored} of ${RACE_ROUNDS} races, delete for good ${outcomes.deleted}`);
      await unloadedOnB();
      expect(b.problems()).toEqual([]);
      expect(a.problems()).toEqual([]);
    }, 60_000);

    it('[SY43] the CLI restores a version while writers type on both: both pages show it, and every word typed after it is kept', async () => {
      // Breakage that fails it: restore-version not telling the servers (tellServersOfStoredEdit left out of
      // cli/commands/restore-version.ts): neither page shows the restore until the script is loaded again.
      const scriptId = await createScriptFor(db.storage, 'ann');
      const typists = [await writer(a, scriptId, 'a'), await writer(b, scriptId, 'b')];
      const typeEach = async (rounds: number) => {
        const words: string[] = [];
        for (let round = 0; round < rounds; round++) words.push(...(await Promise.all(typists.map((typist) => typist.type()))));
        return words;
      };
      await typeEach(3);
      await eventually(() => converged(typists), 'both pages hold the draft');
      const draft = await call(a, 'POST', `/api/scripts/${scriptId}/history`, { name: 'To restore' });
      expect(draft.status).toBe(201);
      const draftWords = (await checkpointText(db, scriptId, draft.body.checkpoint.checkpointId)).split(';').filter(Boolean).map((word) => `${word};`);
      expect(draftWords).toHaveLength(6);
      const restoredOver = await typeEach(3);

      for (const typist of typists) typist.start();
      const restored = await runCli(['restore-version', scriptId, draft.body.checkpoint.checkpointId, '--execute', '--json'], {
        location: db.location,
        env: { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redis.prefix },
      });
      for (const typist of typists) await typist.stop();
      expect(restored.code, restored.stderr).toBe(0);
      expect(JSON.parse(restored.stdout)).toMatchObject({ restored: true });

      const showsRestore = (typist: Typist) => draftWords.every((word) => contentOf(typist.client).includes(word)) && restoredOver.every((word) => !contentOf(typist.client).includes(word));
      await eventually(() => typists.every(showsRestore), 'both pages show the restored version', 15_000);
      const typedAfter = await typeEach(3);
      await eventually(() => converged(typists), 'both pages converge');
      for (const typist of typists) {
        for (const word of [...draftWords, ...typedAfter]) expect(contentOf(typist.client)).toContain(word);
      }
      const stored = new Y.Doc();
      for (const row of await db.storage.loadVersions(scriptId)) Y.applyUpdate(stored, row.update);
      expect(stored.getXmlFragment('default').toString()).toBe(contentOf(typists[0]!.client));
      expect(mentioning(a.problems(), scriptId)).toEqual([]);
      expect(mentioning(b.problems(), scriptId)).toEqual([]);
    }, 60_000);
  });
}
