/**
 * [SY29] A document holding a NUL, as data written before the schema guard
 * refused it can (appended as bytes through storage.appendVersions, which
 * stores rows whatever they hold), opens and is edited as usual; its
 * projection is refused by the storage on both dialects, and the failure
 * shows in /metrics, /healthz and `writersroom diagnose`, with nothing
 * already stored lost. Writing the content without the NUL ends it.
 */
import { isDeepStrictEqual } from 'node:util';
import { buildSeedUpdate } from '@writersroom/screenplay';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runCli } from '../support/cli-runner.js';
import { eventually, whenSynced } from '../support/providers.js';
import { blocksOf, sampleBlocks, typingUpdates } from '../support/screenplay-reading.js';
import { useServerSuite } from '../support/server-suite.js';
import { metricValue, STORAGE_KINDS } from '../support/test-server.js';

const REFUSAL = 'storage: contentBlocks[0].text holds U+0000 (NUL) at index 3, which cannot be stored';

interface Health {
  status: string;
  projections: { failing: Array<{ scriptId: string; failures: number; since: string; lastError: string }> };
}

interface Diagnosis {
  scripts: Array<{ scriptId: string; findings: Array<{ code: string; severity: string; message: string }> }>;
}

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`[SY29] a projection that cannot be stored, on ${kind}`, () => {
    const suite = useServerSuite(kind, { projectionDelayMs: 20, compactIntervalMs: 0 });
    const blocks = sampleBlocks(3);
    const seed = buildSeedUpdate(blocks);

    const health = async () => (await (await fetch(`${suite.server.url}/healthz`)).json()) as Health;
    const failingProjections = () => metricValue(suite.server.url, 'writersroom_projections_failing');
    const diagnose = async (scriptId: string) => {
      const run = await runCli(['diagnose', scriptId, '--json'], { location: suite.db.location });
      const report = JSON.parse(run.stdout) as Diagnosis;
      return { code: run.code, findings: report.scripts[0]!.findings.map((f) => [f.code, f.severity]), messages: report.scripts[0]!.findings.map((f) => f.message) };
    };

    /** A script whose stored log holds a NUL typed before the guard existed; content_blocks as imported. */
    const oldScript = async () => {
      const owner = await suite.db.storage.provisionUser({ firebaseUid: 'dev:ann', displayName: 'ann' });
      const script = await suite.db.storage.createScript({ ownerId: owner.userId, title: 'Old data', contentBlocks: blocks });
      const [nul] = typingUpdates(seed, ['NUL\u0000 ']);
      await suite.db.storage.appendVersions([
        { scriptId: script.scriptId, update: seed, createdBy: null, kind: 'baseline' },
        { scriptId: script.scriptId, update: nul!, createdBy: owner.userId, kind: 'update' },
      ]);
      return script.scriptId;
    };

    // Breakage: without requireStorableText in updateContentBlocks, SQLite stored the NUL (no failure anywhere)
    // and PostgreSQL failed with its own error ("unsupported Unicode escape sequence") instead of REFUSAL.
    it('opens and edits the script, keeps every row, and shows the failing projection in /metrics, /healthz and diagnose', async () => {
      const scriptId = await oldScript();
      const rowsBefore = await suite.db.storage.loadVersions(scriptId);
      const failuresBefore = await metricValue(suite.server.url, 'writersroom_projection_failures_total');

      const writer = suite.connect(scriptId, 'ann');
      await whenSynced(writer);
      expect(blocksOf(writer.doc)[0]!.text).toBe(`NUL\u0000 ${blocks[0]!.text}`);
      ((writer.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Edited. ');
      await eventually(async () => (await suite.db.storage.countVersions(scriptId)) === rowsBefore.length + 1, 'the edit is stored');

      await eventually(async () => (await metricValue(suite.server.url, 'writersroom_projection_failures_total')) >= failuresBefore + 2, 'failures counted, retried');
      expect(await failingProjections()).toBe(1);
      const answer = await health();
      expect(answer.status).toBe('ok');
      expect(answer.projections.failing).toEqual([{ scriptId, failures: expect.any(Number), since: expect.any(String), lastError: REFUSAL }]);
      expect(answer.projections.failing[0]!.failures).toBeGreaterThanOrEqual(2);

      const diagnosis = await diagnose(scriptId);
      expect(diagnosis.code).toBe(1);
      expect(diagnosis.findings).toEqual([
        ['projection_unstorable', 'problem'],
        ['projection_behind', 'notice'],
      ]);
      expect(diagnosis.messages[0]).toContain('contentBlocks[0].text holds U+0000 (NUL) at index 3');

      // Nothing already stored is lost: the old rows byte for byte, the edit after them, content_blocks as they were.
      const rowsAfter = await suite.db.storage.loadVersions(scriptId);
      expect(rowsAfter.slice(0, rowsBefore.length)).toEqual(rowsBefore);
      expect(rowsAfter).toHaveLength(rowsBefore.length + 1);
      expect((await suite.db.storage.getScript(scriptId))?.contentBlocks).toEqual(blocks);
      const reader = suite.connect(scriptId, 'ann');
      await whenSynced(reader);
      expect(blocksOf(reader.doc)).toEqual(blocksOf(writer.doc));
      expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'ann')).body.contentBlocks).toEqual(blocksOf(writer.doc));
    });

    // Breakage: with readProsemirrorFromFragment refusing such text (no 'keep'), this PUT answered 500.
    it('stores the projection again once the content is written without the NUL', async () => {
      const scriptId = await oldScript();
      const writer = suite.connect(scriptId, 'ann');
      await whenSynced(writer);
      ((writer.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Edited. ');
      await eventually(async () => (await health()).projections.failing.some((failure) => failure.scriptId === scriptId), 'the failure is listed');

      const cleaned = blocks.map((block, index) => (index === 1 ? { ...block, text: `Edited. ${block.text}` } : block));
      const written = await suite.call('PUT', `/api/scripts/${scriptId}/content`, 'ann', { contentBlocks: cleaned });
      expect(written.status).toBe(200);
      await eventually(async () => isDeepStrictEqual((await suite.db.storage.getScript(scriptId))?.contentBlocks, cleaned), 'projected');
      await eventually(async () => !(await health()).projections.failing.some((failure) => failure.scriptId === scriptId), 'no longer listed');
      // The first test's script is still loaded and failing: the gauge counts what /healthz lists.
      expect(await failingProjections()).toBe((await health()).projections.failing.length);
      expect((await diagnose(scriptId)).findings).toEqual([]);
      await eventually(() => isDeepStrictEqual(blocksOf(writer.doc), cleaned), 'the writer sees the REST write');
    });
  });
}
