/**
 * `writersroom diagnose` run as a child process against a SQLite database
 * whose scripts were prepared through the Storage interface: one healthy
 * script of each kind and one script per corruption fixture of the content
 * model (content-validation.test.ts builds the same ones).
 */
import { buildSeedUpdate, type ContentBlock } from '@writersroom/screenplay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectDocument } from '../../src/maintenance/projection.js';
import type { NewVersion, Storage } from '../../src/storage/storage.js';
import { postgresAvailable } from '../support/postgres.js';
import { sampleBlocks, typingUpdates } from '../support/screenplay-reading.js';
import { openTestStorage, type TestStorage } from '../support/test-server.js';
import { runCli } from '../support/cli-runner.js';

const cli = (location: TestStorage['location'], args: string[]) => runCli(args, { location });




/** The old backend's seeding: a Y.Array('content') of TipTap-style JSON nodes. */
function legacyDocument(blocks: ContentBlock[]): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray('content').push(blocks.map((block) => ({ type: block.type === 'scene_heading' ? 'sceneHeading' : block.type, content: [{ type: 'text', text: block.text }] })));
  return Y.encodeStateAsUpdate(doc);
}

interface ScriptJson {
  scriptId: string;
  state: string;
  rows: number;
  findings: Array<{ code: string; severity: string; message: string; details?: Record<string, unknown> }>;
}

describe('writersroom diagnose', () => {
  let db: TestStorage;
  let storage: Storage;
  const ids: Record<string, string> = {};
  const blocks = sampleBlocks(6);
  const seed = buildSeedUpdate(blocks);
  const row = (update: Uint8Array, kind: NewVersion['kind'] = 'update') => ({ update, createdBy: null, kind });

  const fixture = async (name: string, contentBlocks: ContentBlock[] | null, rows: Array<Omit<NewVersion, 'scriptId'>>) => {
    const owner = await storage.provisionUser({ firebaseUid: 'dev:operator' });
    const script = await storage.createScript({ ownerId: owner.userId, title: name, contentBlocks });
    // A later millisecond than created_at = updated_at, so the rows are YJS_CURRENT.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storage.appendVersions(rows.map((version) => ({ ...version, scriptId: script.scriptId })));
    ids[name] = script.scriptId;
    return script.scriptId;
  };

  /** Every row and quarantined row of every fixture, to show diagnose wrote nothing. */
  const snapshotOfDatabase = async () => {
    const all: Record<string, unknown> = {};
    for (const [name, id] of Object.entries(ids)) {
      all[name] = { rows: await storage.loadVersions(id), script: await storage.getScript(id, { includeDeleted: true }) };
    }
    return { all, quarantine: await storage.listQuarantined() };
  };

  /** Writes content_blocks as the server's projector would, from the rows as they are. */
  const project = async (scriptId: string) => {
    const doc = new Y.Doc();
    for (const version of await storage.loadVersions(scriptId)) Y.applyUpdate(doc, version.update);
    await storage.updateContentBlocks(scriptId, projectDocument(doc), (await storage.latestVersion(scriptId))!.createdAt);
    doc.destroy();
  };

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    storage = db.storage;
    await project(await fixture('healthy seeded and edited', blocks, [row(seed, 'baseline'), row(typingUpdates(seed, ['FADE IN: '])[0]!)]));
    await fixture('edited, not yet projected', blocks, [row(seed, 'baseline'), row(typingUpdates(seed, ['FADE IN: '])[0]!)]);
    // Old data: a NUL typed before the schema guard refused it, appended as bytes ([ST39] stores rows whatever they hold).
    await fixture('unstorable text in the document', blocks, [row(seed, 'baseline'), row(typingUpdates(seed, ['NUL\u0000 '])[0]!)]);
    const projected = await fixture('healthy projected', blocks, [row(seed, 'baseline')]);
    const newest = await storage.latestVersion(projected);
    await storage.updateContentBlocks(projected, blocks, newest!.createdAt);
    const renamed = await fixture('healthy renamed after its last edit', blocks, [row(seed, 'baseline')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storage.renameScript(renamed, 'healthy renamed after its last edit');
    await fixture('never opened', blocks, []);
    await fixture('blank, never opened', null, []);

    const random = Uint8Array.from({ length: 64 }, (_, i) => (i * 73 + 19) % 256);
    await fixture('random bytes', blocks, [row(seed, 'baseline'), row(random)]);
    await fixture('truncated', blocks, [row(seed, 'baseline'), row(typingUpdates(seed, ['LOST '])[0]!.slice(0, 5))]);
    await fixture('missing early row', blocks, [row(typingUpdates(seed, ['LATER '])[0]!)]);
    await fixture('empty over content', blocks, [row(Y.encodeStateAsUpdate(new Y.Doc()))]);
    await fixture('legacy array', [], [row(legacyDocument(blocks.slice(0, 3)))]);
    const quarantined = await fixture('quarantined rows', blocks, [row(seed, 'baseline'), row(Uint8Array.of(1, 2, 3))]);
    const [, bad] = await storage.loadVersions(quarantined);
    await storage.quarantineVersions(quarantined, [bad!.versionId], 'does not decode as a Yjs update');
    const stale = await fixture('REST newer and different', blocks, [row(seed, 'baseline')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storage.updateContentBlocks(stale, blocks.slice(0, 2), new Date());
    await fixture('invalid content_blocks', [{ type: 'nonsense', text: 1 } as unknown as ContentBlock], []);
  });
  afterAll(async () => {
    await db.cleanup();
  });

  const codesOf = (scripts: ScriptJson[], name: string) =>
    scripts.find((script) => script.scriptId === ids[name])!.findings.filter((f) => f.severity === 'problem').map((f) => f.code);

  it('finds every corruption fixture, reports nothing on healthy scripts, exits 1, and writes nothing', async () => {
    const before = await snapshotOfDatabase();
    const run = await cli(db.location, ['diagnose', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; exitCode: number; summary: { scripts: number }; scripts: ScriptJson[] };
    expect(report).toMatchObject({ ok: false, exitCode: 1, summary: { scripts: Object.keys(ids).length } });
    const { scripts } = report;

    for (const name of ['healthy seeded and edited', 'healthy projected', 'healthy renamed after its last edit', 'blank, never opened']) {
      expect(scripts.find((script) => script.scriptId === ids[name])!.findings, name).toEqual([]);
    }
    expect(scripts.find((script) => script.scriptId === ids['healthy renamed after its last edit'])!.state).toBe('REST_NEWER');
    expect(scripts.find((script) => script.scriptId === ids['never opened'])!.findings.map((f) => [f.code, f.severity])).toEqual([
      ['content_without_yjs', 'notice'],
    ]);
    expect(codesOf(scripts, 'random bytes')).toEqual(['undecodable_row']);
    expect(codesOf(scripts, 'truncated')).toEqual(['undecodable_row']);
    expect(codesOf(scripts, 'missing early row')).toEqual(['missing_predecessor']);
    expect(codesOf(scripts, 'empty over content')).toEqual(['empty_over_content']);
    expect(codesOf(scripts, 'legacy array')).toEqual(['legacy_content_array']);
    expect(codesOf(scripts, 'quarantined rows')).toEqual(['quarantined_rows']);
    expect(codesOf(scripts, 'REST newer and different')).toEqual(['rest_newer']);
    expect(codesOf(scripts, 'invalid content_blocks')).toEqual(['invalid_content_blocks']);
    const findingsOf = (name: string) => scripts.find((script) => script.scriptId === ids[name])!.findings;
    expect(findingsOf('edited, not yet projected').map((f) => [f.code, f.severity])).toEqual([['projection_behind', 'notice']]);
    expect(findingsOf('edited, not yet projected')[0]!.details).toEqual({ storedBlocks: 6, documentBlocks: 6, rowsSinceContent: 2 });
    // Breakage: without projectionFindings in script-report.ts, this script's findings were [].
    const unstorable = findingsOf('unstorable text in the document');
    expect(unstorable.map((f) => [f.code, f.severity])).toEqual([
      ['projection_unstorable', 'problem'],
      ['projection_behind', 'notice'],
    ]);
    expect(unstorable[0]!.message).toContain('contentBlocks[0].text holds U+0000 (NUL) at index 3');
    expect(unstorable[0]!.details).toEqual({ reason: 'unstorable_text', path: 'contentBlocks[0].text', character: 'U+0000 (NUL)', index: 3 });

    expect(await snapshotOfDatabase()).toEqual(before);
  });

  it('exits 0 with an empty report of findings for one healthy script', async () => {
    const run = await cli(db.location, ['diagnose', ids['healthy seeded and edited']!, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; scripts: ScriptJson[] };
    expect(report.ok).toBe(true);
    expect(report.scripts).toHaveLength(1);
    expect(report.scripts[0]).toMatchObject({ state: 'YJS_CURRENT', rows: 2, generation: 0, findings: [] });
  });

  it('treats a script that was never opened as healthy (a notice, exit 0)', async () => {
    const run = await cli(db.location, ['diagnose', ids['never opened']!]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('NO_YJS');
    expect(run.stdout).toContain('No problems found (1 notice).');
  });

  // Breakage: without projectionFindings in script-report.ts, diagnose exited 0 here with no finding.
  it('prints a projection that cannot be stored, with what to do', async () => {
    const run = await cli(db.location, ['diagnose', ids['unstorable text in the document']!]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("projection_unstorable: the document's projection cannot be stored: contentBlocks[0].text holds U+0000 (NUL) at index 3");
    expect(run.stdout).toContain('projection_behind: content_blocks lag behind the document');
    expect(run.stdout).toContain('PUT /api/scripts/<id>/content');
    expect(run.stdout).toContain('1 problem in 1 script, 1 notice.');
  });

  it('prints the plan-style text report with each problem and what to do', async () => {
    const run = await cli(db.location, ['diagnose', ids['missing early row']!]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/STATE\s+ROWS\s+BYTES\s+FIRST UPDATE\s+LAST UPDATE\s+REST UPDATED\s+GEN\s+SCRIPT/);
    expect(run.stdout).toContain('missing_predecessor');
    expect(run.stdout).toContain('writersroom reseed');
    expect(run.stdout).toContain('1 problem in 1 script.');
  });

  it('refuses an unknown script with exit 1 and a malformed id with exit 2', async () => {
    const unknown = await cli(db.location, ['diagnose', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, exitCode: 1, error: expect.stringContaining('no script') });
    const malformed = await cli(db.location, ['diagnose', 'not-a-uuid']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('not a script id');
  });
});

describe.skipIf(!postgresAvailable)('writersroom diagnose on PostgreSQL', () => {
  let db: TestStorage;
  afterAll(async () => {
    await db?.cleanup();
  });

  it('lists every script and finds a damaged one', async () => {
    db = await openTestStorage('postgres');
    const blocks = sampleBlocks(3);
    const owner = await db.storage.provisionUser({ firebaseUid: 'dev:operator' });
    const healthy = await db.storage.createScript({ ownerId: owner.userId, title: 'Healthy', contentBlocks: blocks });
    const damaged = await db.storage.createScript({ ownerId: owner.userId, title: 'Damaged', contentBlocks: blocks });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await db.storage.appendVersions([
      { scriptId: healthy.scriptId, update: buildSeedUpdate(blocks), createdBy: null, kind: 'baseline' },
      { scriptId: damaged.scriptId, update: buildSeedUpdate(blocks), createdBy: null, kind: 'baseline' },
      { scriptId: damaged.scriptId, update: Uint8Array.of(1, 2, 3), createdBy: null, kind: 'update' },
    ]);
    const run = await cli(db.location, ['diagnose', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { database: { dialect: string }; scripts: ScriptJson[] };
    expect(report.database.dialect).toBe('postgres');
    expect(report.scripts.map((script) => [script.scriptId, script.findings.map((f) => f.code)])).toEqual(
      [
        [healthy.scriptId, []],
        [damaged.scriptId, ['undecodable_row']],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
