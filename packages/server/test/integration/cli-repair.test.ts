/**
 * `writersroom reseed`, `export` and `compact`, and the exit codes every
 * command shares, run as child processes against a SQLite database prepared
 * through the Storage interface.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSeedUpdate } from '@writersroom/screenplay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Storage } from '../../src/storage/storage.js';
import { blocksOf, sampleBlocks, typingUpdates } from '../support/screenplay-reading.js';
import { openTestStorage, type TestStorage } from '../support/test-server.js';
import { runCli, type CliRun } from '../support/cli-runner.js';

const cli = (env: Record<string, string>, args: string[], cwd?: string) => runCli(args, { env, ...(cwd ? { cwd } : {}) });



const json = (run: CliRun) => JSON.parse(run.stdout) as Record<string, unknown>;


describe('writersroom reseed, export and compact', () => {
  let db: TestStorage;
  let storage: Storage;
  let env: Record<string, string>;
  let cwd: string;
  let owner: string;
  const blocks = sampleBlocks(4);
  const seed = buildSeedUpdate(blocks);
  const run = (args: string[]) => cli(env, args, cwd);

  const script = async (rows: Uint8Array[], contentBlocks: unknown[] | null = blocks) => {
    const { scriptId } = await storage.createScript({ ownerId: owner, title: 'Night Shift', contentBlocks });
    for (const update of rows) await storage.appendVersions([{ scriptId, update, createdBy: owner, kind: 'update' }]);
    return scriptId;
  };
  const documentOf = async (scriptId: string) => {
    const doc = new Y.Doc();
    for (const row of await storage.loadVersions(scriptId)) Y.applyUpdate(doc, row.update);
    return doc;
  };

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    storage = db.storage;
    if (db.location.kind !== 'sqlite') throw new Error('unreachable');
    env = { DATA_DIR: db.location.dataDir, DATABASE_URL: '' };
    cwd = mkdtempSync(path.join(tmpdir(), 'wr-cli-'));
    owner = (await storage.provisionUser({ firebaseUid: 'dev:operator' })).userId;
  });
  afterAll(async () => {
    await db.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('reseed rebuilds a script with a missing early row from content_blocks, keeping the old rows in quarantine', async () => {
    const [, later] = typingUpdates(seed, ['EARLY ', 'LATER ']);
    const scriptId = await script([later!]);

    const dryRun = await run(['reseed', scriptId]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('as generation 1: browsers drop copies of generation 0');
    expect(await storage.countVersions(scriptId)).toBe(1);
    expect(await storage.listQuarantined(scriptId)).toEqual([]);
    expect(await storage.getGeneration(scriptId)).toBe(0);

    const executed = await run(['reseed', scriptId, '--execute', '--json']);
    expect(executed.code, executed.stderr).toBe(0);
    expect(json(executed)).toMatchObject({ ok: true, quarantined: 1, seeded: true, blocks: 4, generation: 1 });
    const rows = await storage.loadVersions(scriptId);
    expect(rows.map((row) => row.kind)).toEqual(['baseline']);
    expect(blocksOf(await documentOf(scriptId))).toEqual(blocks);
    const [quarantined] = await storage.listQuarantined(scriptId);
    expect(quarantined!.reason).toMatch(/^writersroom reseed:/);

    // What an operator did on purpose is a notice, not a problem.
    const diagnosed = await run(['diagnose', scriptId, '--json']);
    expect(diagnosed.code, diagnosed.stderr).toBe(0);
    expect((json(diagnosed) as { scripts: unknown[] }).scripts[0]).toMatchObject({ generation: 1 });
  });

  it('reseed refuses a script without content_blocks to seed from', async () => {
    const scriptId = await script([seed], []);
    const refused = await run(['reseed', scriptId, '--execute']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing to seed from');
    expect(await storage.countVersions(scriptId)).toBe(1);
  });

  it('export --format json gives the document as content_blocks with metadata, reading only', async () => {
    const [typed] = typingUpdates(seed, ['FADE IN: ']);
    const scriptId = await script([seed, typed!]);
    const before = await storage.loadVersions(scriptId);
    const exported = await run(['export', scriptId, '--format', 'json']);
    expect(exported.code, exported.stderr).toBe(0);
    const document = json(exported);
    expect(document).toMatchObject({ format: 'writersroom-script-export', scriptId, title: 'Night Shift', log: { rows: 2, missingPredecessors: false } });
    expect(document['contentBlocks']).toEqual([{ ...blocks[0], text: `FADE IN: ${blocks[0]!.text}` }, ...blocks.slice(1)]);
    expect(document['storedContentBlocks']).toEqual(blocks);
    expect(await storage.loadVersions(scriptId)).toEqual(before);
  });

  it('export --format yjs writes the loaded document as one Yjs update', async () => {
    const [typed] = typingUpdates(seed, ['FADE IN: ']);
    const scriptId = await script([seed, typed!]);
    const toStdout = await run(['export', scriptId, '--format', 'yjs']);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(toStdout.stdoutBytes));
    expect(blocksOf(doc)[0]!.text).toBe(`FADE IN: ${blocks[0]!.text}`);

    const toFile = await run(['export', scriptId, '--format', 'yjs', '--out', `${scriptId}.yjs`, '--json']);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(json(toFile)).toMatchObject({ format: 'yjs', bytes: toStdout.stdoutBytes.byteLength });
    expect(readFileSync(path.join(cwd, `${scriptId}.yjs`))).toEqual(toStdout.stdoutBytes);
  });

  it('compact merges one script into a baseline only with --execute, keeping the document', async () => {
    const scriptId = await script([seed, ...typingUpdates(seed, ['A ', 'B ', 'C '])]);
    const expected = blocksOf(await documentOf(scriptId));
    const dryRun = await run(['compact', scriptId, '--json']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(json(dryRun)).toMatchObject({ dryRun: true, rows: 4, status: 'would-compact' });
    expect(await storage.countVersions(scriptId)).toBe(4);

    const executed = await run(['compact', scriptId, '--execute', '--json']);
    expect(executed.code, executed.stderr).toBe(0);
    expect(json(executed)).toMatchObject({ ok: true, status: 'compacted', rowsRemoved: 4 });
    expect((await storage.loadVersions(scriptId)).map((row) => row.kind)).toEqual(['baseline']);
    expect(blocksOf(await documentOf(scriptId))).toEqual(expected);
  });

  it('compact --all takes the policy from COMPACT_MAX_ROWS and leaves damaged logs alone (exit 1)', async () => {
    const long = await script([seed, ...typingUpdates(seed, ['1 ', '2 ', '3 ', '4 '])]);
    const short = await script([seed, ...typingUpdates(seed, ['x '])]);
    const damaged = await script([seed, Uint8Array.of(1, 2, 3), ...typingUpdates(seed, ['a ', 'b ', 'c '])]);
    const policyEnv = { ...env, COMPACT_MAX_ROWS: '3', COMPACT_MAX_AGE_DAYS: '30' };

    const dryRun = await cli(policyEnv, ['compact', '--all', '--json'], cwd);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const candidates = (json(dryRun)['candidates'] as Array<{ scriptId: string }>).map((c) => c.scriptId);
    expect(candidates).toEqual(expect.arrayContaining([long, damaged]));
    expect(candidates).not.toContain(short);
    expect(await storage.countVersions(long)).toBe(5);

    const executed = await cli(policyEnv, ['compact', '--all', '--execute', '--json'], cwd);
    expect(executed.code, executed.stderr).toBe(1);
    const results = json(executed)['results'] as Array<{ scriptId: string; status: string; reason?: string }>;
    expect(results.find((r) => r.scriptId === long)).toMatchObject({ status: 'compacted' });
    expect(results.find((r) => r.scriptId === damaged)).toMatchObject({ status: 'skipped', reason: 'damaged' });
    expect(await storage.countVersions(long)).toBe(1);
    expect(await storage.countVersions(short)).toBe(2);
    expect(await storage.countVersions(damaged)).toBe(5);
  });
});

describe('writersroom exit codes', () => {
  it('prints help with exit 0, and usage errors with exit 2 before connecting', async () => {
    const nowhere = { DATA_DIR: path.join(tmpdir(), 'wr-cli-no-such-dir'), DATABASE_URL: '' };
    const help = await cli(nowhere, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:/);
    const commands = ['diagnose', 'clear-yjs', 'restore-yjs', 'reseed', 'compact', 'export'];
    const helps = await Promise.all(commands.map((command) => cli(nowhere, [command, '--help'])));
    helps.forEach((commandHelp, i) => {
      expect(commandHelp.code, commands[i]).toBe(0);
      expect(commandHelp.stdout).toContain(`writersroom ${commands[i]}`);
    });
    const misuses = [[], ['frobnicate'], ['clear-yjs'], ['clear-yjs', 'nope'], ['compact'], ['export', '00000000-0000-4000-8000-000000000000', '--format', 'xml'], ['diagnose', '--bogus']];
    const usages = await Promise.all(misuses.map((args) => cli(nowhere, [...args, '--json'])));
    usages.forEach((usage, i) => {
      expect(usage.code, misuses[i]!.join(' ')).toBe(2);
      expect(json(usage)).toMatchObject({ ok: false, exitCode: 2 });
    });
  });

  it('exits 3 when the database cannot be reached, with a JSON error', async () => {
    const missingFile = await cli({ DATA_DIR: path.join(tmpdir(), 'wr-cli-no-such-dir'), DATABASE_URL: '' }, ['diagnose', '--json']);
    expect(missingFile.code).toBe(3);
    expect(json(missingFile)).toMatchObject({ ok: false, exitCode: 3, error: expect.stringContaining('no database at') });
    const refused = await cli({ DATABASE_URL: 'postgres://writersroom:secret@127.0.0.1:1/writersroom' }, ['diagnose', '--json']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).not.toContain('secret');
    const badConfig = await cli({ DATABASE_URL: 'mysql://nope' }, ['diagnose']);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('DATABASE_URL');
  });
});
