/**
 * A script's PDF, through `GET /api/scripts/:id/export?format=pdf` and
 * `writersroom export --format pdf`, on SQLite and PostgreSQL, read back
 * with poppler-utils as a person's viewer reads it: the title page, page
 * numbers, scene numbers, `(MORE)` and `(CONT'D)` where the engine splits a
 * speech, marks that change no text, who may export, and the same pages
 * from both ways out. Pages with a split speech are rendered into
 * packages/server/test-results/ for a person to look at.
 *
 * Each test names the breakage that fails it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DOCUMENT_FRAGMENT,
  paginate,
  printableScriptOf,
  writeProsemirrorToFragment,
  writeTitlePageField,
  type ProsemirrorNodeJson,
} from '@writersroom/screenplay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runCli } from '../support/cli-runner.js';
import { pagesText, pageText, pageWords, pdfInfo, popplerAvailable, renderPage } from '../support/poppler.js';
import { eventually, whenSynced } from '../support/providers.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, STORAGE_KINDS, testConfig } from '../support/test-server.js';

const COLUMN_PT = 7.2;
const CUE_COLUMN = 37;

const node = (type: string, text: string, extra: Partial<ProsemirrorNodeJson> = {}): ProsemirrorNodeJson => ({ type, content: [{ type: 'text', text }], ...extra });
/** Twelve sentences of one dialogue row each (34 characters in the 35-wide column). */
const speech = Array.from({ length: 12 }, (_, i) => `Line ${i % 10} goes on and on for a while.`).join(' ');

/**
 * A script whose first page holds a numbered scene, an action in bold and
 * italic, and ends inside a long speech by MARA; with every title page field
 * a writer usually sets.
 */
function scriptDocument(): Y.Doc {
  const doc = new Y.Doc();
  writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), {
    type: 'doc',
    content: [
      node('sceneHeading', 'INT. KITCHEN - NIGHT', { attrs: { sceneNumber: '12' } }),
      {
        type: 'action',
        content: [
          { type: 'text', text: 'Rain ' },
          { type: 'text', text: 'hammers', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' the ' },
          { type: 'text', text: 'window', marks: [{ type: 'italic' }, { type: 'underline' }] },
          { type: 'text', text: '.' },
        ],
      },
      ...Array.from({ length: 21 }, (_, i) => node('action', `Beat ${i}.`)),
      node('character', 'MARA'),
      node('parenthetical', 'quietly'),
      node('dialogue', speech),
      node('action', 'She leaves.'),
    ],
  });
  writeTitlePageField(doc, 'title', 'The Long Night');
  writeTitlePageField(doc, 'credit', 'Written by');
  writeTitlePageField(doc, 'authors', 'Ana Writer');
  writeTitlePageField(doc, 'source', 'Based on the story by Cal Writer');
  writeTitlePageField(doc, 'contact', 'Agent Smith\n555 0100');
  writeTitlePageField(doc, 'draftDate', 'First draft, May 2025');
  return doc;
}

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available || !popplerAvailable)(`PDF export on ${kind}`, () => {
    // More exports than RATE_LIMIT_EXPORTS_PER_MINUTE allows one address; the limit has its own test (rest-rate-limits.test.ts).
    const suite = useServerSuite(kind, { limits: { ...testConfig().limits, exports: { max: 1000, windowMs: 60_000 } } });
    let scriptId: string;
    let cwd: string;

    const exportAs = async (user: string | undefined, id: string, query = 'format=pdf') => {
      const response = await fetch(`${suite.server.url}/api/scripts/${id}/export?${query}`, { headers: user ? { authorization: `Bearer dev:${user}` } : {} });
      return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
    };
    const errorOf = (bytes: Uint8Array) => (JSON.parse(Buffer.from(bytes).toString('utf8')) as { error: { code: string } }).error.code;

    beforeAll(async () => {
      scriptId = await createScriptFor(suite.db.storage, 'ana', 'The Long Night', { blank: false });
      await suite.db.storage.appendVersions([{ scriptId, update: Y.encodeStateAsUpdate(scriptDocument()), createdBy: null, kind: 'baseline' }]);
      cwd = mkdtempSync(path.join(tmpdir(), 'wr-pdf-cli-'));
    });
    afterAll(() => rmSync(cwd, { recursive: true, force: true }));

    it('prints the title page first: the fields set in the document, the title in capitals', async () => {
      // Fails if the title page is read from anywhere but the document's titlePage map, or left out.
      const { status, bytes } = await exportAs('ana', scriptId);
      expect(status).toBe(200);
      const titlePage = pageText(bytes, 1);
      for (const text of ['THE LONG NIGHT', 'Written by', 'Ana Writer', 'Based on the story by Cal Writer', 'Agent Smith', '555 0100', 'First draft, May 2025']) {
        expect(titlePage).toContain(text);
      }
      expect(titlePage).not.toMatch(/^\s*\d+\.\s*$/m);
      renderPage(bytes, 1, `pdf-title-page-${kind}`);
    });

    it("splits the long speech with (MORE) at the foot of page 1 and MARA (CONT'D) atop page 2, both in the cue's column", async () => {
      // Fails if the drawer skips the engine's 'more' or 'contd' lines (it draws only 'text'), or places them off their column.
      const engine = paginate(printableScriptOf(scriptDocument()).blocks);
      expect(engine.pages[0]!.lines.some((line) => line.kind === 'more')).toBe(true);
      const { bytes } = await exportAs('ana', scriptId);
      // PDF page 2 is the script's page 1.
      const first = pageWords(bytes, 2);
      const more = first.find((word) => word.text === '(MORE)')!;
      expect(more.xMin).toBeCloseTo(CUE_COLUMN * COLUMN_PT, 2);
      expect(more.yMin).toBe(Math.max(...first.map((word) => word.yMin)));
      const second = pageWords(bytes, 3);
      const [cue, contd] = second.filter((word) => word.text === 'MARA' || word.text === "(CONT'D)");
      expect([cue?.text, contd?.text]).toEqual(['MARA', "(CONT'D)"]);
      expect(cue!.xMin).toBeCloseTo(CUE_COLUMN * COLUMN_PT, 2);
      const bodyTop = Math.min(...second.filter((word) => word.text !== '2.').map((word) => word.yMin));
      expect(cue!.yMin).toBe(bodyTop);
      expect(pageText(bytes, 3)).toMatch(/^\s*MARA \(CONT'D\)$/m);
      renderPage(bytes, 2, `pdf-first-script-page-${kind}`);
      renderPage(bytes, 3, `pdf-dialogue-continued-${kind}`);
    });

    it('numbers pages from 2 on, and prints scene numbers in both margins; marks change no text', async () => {
      // Fails if page-number or scene-number lines are not drawn, or if a styled run drops or repeats a character.
      const { bytes } = await exportAs('ana', scriptId);
      const pages = pagesText(bytes);
      expect(pages[1]).not.toMatch(/^\s*1\.\s*$/m);
      expect(pages[2]).toMatch(/^\s*2\.\s*$/m);
      expect(pages[1]).toMatch(/^\s*12\s+INT\. KITCHEN - NIGHT\s+12\s*$/m);
      expect(pages[1]).toMatch(/^\s*Rain hammers the window\.$/m);
    });

    it('gives the download a file name from the title, no caching, and the PDF type', async () => {
      // Fails if the route keeps the JSON type or lets a cache keep the file.
      const { headers } = await exportAs('ana', scriptId);
      expect(headers.get('content-type')).toBe('application/pdf');
      expect(headers.get('content-disposition')).toBe(`attachment; filename="The Long Night.pdf"; filename*=UTF-8''The%20Long%20Night.pdf`);
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('lets editors and viewers export; a stranger, a deleted or unknown script get the catalogue answer and no PDF', async () => {
      // Fails if the route skips scriptForCaller (or reads before it), or asks for more than a viewer's role.
      for (const [name, role] of [['ed', 'editor'], ['vi', 'viewer']] as const) {
        const user = await suite.db.storage.provisionUser({ firebaseUid: `dev:${name}` });
        await suite.db.storage.setCollaborator(scriptId, user.userId, role);
        const { status, bytes } = await exportAs(name, scriptId);
        expect([name, status, isPdf(bytes)]).toEqual([name, 200, true]);
      }
      const stranger = await exportAs('eve', scriptId);
      expect([stranger.status, errorOf(stranger.bytes), isPdf(stranger.bytes)]).toEqual([403, 'WR_ERR_FORBIDDEN', false]);
      const strangerBadQuery = await exportAs('eve', scriptId, 'format=docx');
      expect(strangerBadQuery.status).toBe(403);
      const anonymous = await exportAs(undefined, scriptId);
      expect([anonymous.status, isPdf(anonymous.bytes)]).toEqual([401, false]);
      const unknown = await exportAs('ana', '00000000-0000-4000-8000-000000000000');
      expect([unknown.status, errorOf(unknown.bytes)]).toEqual([404, 'WR_ERR_SCRIPT_NOT_FOUND']);
      const deleted = (await suite.call('POST', '/api/scripts', 'ana', { title: 'Gone' })).body.script.scriptId as string;
      await suite.call('DELETE', `/api/scripts/${deleted}`, 'ana');
      const gone = await exportAs('ana', deleted);
      expect([gone.status, errorOf(gone.bytes), isPdf(gone.bytes)]).toEqual([404, 'WR_ERR_SCRIPT_NOT_FOUND', false]);
    });

    it('answers an unknown or missing format, or an unknown paper, with 400; a4 prints on A4', async () => {
      // Fails if format or paper is read without validation (an unknown paper would crash the engine: a 500).
      for (const query of ['format=docx', 'format=PDF', '', 'format=pdf&paper=a3', 'format=pdf&paper=']) {
        const { status, bytes } = await exportAs('ana', scriptId, query);
        expect([query, status, errorOf(bytes)]).toEqual([query, 400, 'WR_ERR_INVALID_REQUEST']);
      }
      const a4 = await exportAs('ana', scriptId, 'format=pdf&paper=a4');
      expect(pdfInfo(a4.bytes)['Page size']).toMatch(/\(A4\)$/);
    });

    it('prints a script imported with content and never opened, seeding it as opening does', async () => {
      // Fails if the route prints the stored rows without opening the script (the page would be blank).
      const created = await suite.call('POST', '/api/scripts', 'ana', { title: 'Imported', contentBlocks: [{ type: 'action', text: 'Imported words.' }] });
      const { status, bytes } = await exportAs('ana', created.body.script.scriptId as string);
      expect(status).toBe(200);
      expect(pageText(bytes, 1)).toContain('IMPORTED');
      expect(pageText(bytes, 2)).toContain('Imported words.');
    });

    it('prints what writers see now: an edit shows before content_blocks catch up', async () => {
      // Fails if the route prints the stored content_blocks projection (it lags PROJECTION_DELAY_MS behind the document).
      const id = (await suite.call('POST', '/api/scripts', 'ana', { title: 'Live', contentBlocks: [{ type: 'action', text: 'Before.' }] })).body.script.scriptId as string;
      const provider = suite.connect(id, 'ana');
      await whenSynced(provider);
      const element = provider.doc.getXmlFragment(DOCUMENT_FRAGMENT).get(0) as Y.XmlElement;
      (element.get(0) as Y.XmlText).insert(0, 'Typed just now. ');
      await eventually(async () => (await suite.call('GET', `/api/scripts/${id}/content`, 'ana')).body.contentBlocks?.[0]?.text?.startsWith('Typed'), 'the edit reaching the server');
      const { bytes } = await exportAs('ana', id);
      expect(pageText(bytes, 2)).toContain('Typed just now. Before.');
    });

    it('gives the same pages through the CLI as through REST, to a file or to stdout', async () => {
      // Fails if the CLI prints anything but the rows' document through scriptPdf (another title, paper or pagination).
      const rest = await exportAs('ana', scriptId);
      const location = suite.db.location;
      const toFile = await runCli(['export', scriptId, '--format', 'pdf', '--out', 'night.pdf', '--json'], { location, cwd });
      expect(toFile.code, toFile.stderr).toBe(0);
      expect(JSON.parse(toFile.stdout)).toMatchObject({ ok: true, format: 'pdf', file: path.join(cwd, 'night.pdf') });
      const fromFile = readFileSync(path.join(cwd, 'night.pdf'));
      expect(pagesText(fromFile)).toEqual(pagesText(rest.bytes));
      // The same document and the same row: the same bytes.
      expect(Buffer.compare(fromFile, Buffer.from(rest.bytes))).toBe(0);
      const toStdout = await runCli(['export', scriptId, '--format', 'pdf', '--paper', 'a4'], { location, cwd });
      expect(toStdout.code, toStdout.stderr).toBe(0);
      expect(pdfInfo(toStdout.stdoutBytes)['Page size']).toMatch(/\(A4\)$/);
      expect(pagesText(toStdout.stdoutBytes)).toEqual(pagesText((await exportAs('ana', scriptId, 'format=pdf&paper=a4')).bytes));
    });

    it('has the CLI print a never-opened imported script from its content_blocks, writing nothing', async () => {
      // Fails if the CLI prints the empty log as it is (a blank page), or stores the repair it prints.
      const id = (await suite.call('POST', '/api/scripts', 'ana', { title: 'Imported Too', contentBlocks: [{ type: 'action', text: 'Only in content_blocks.' }] })).body.script
        .scriptId as string;
      const run = await runCli(['export', id, '--format', 'pdf'], { location: suite.db.location, cwd });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('exported from content_blocks');
      expect(pageText(run.stdoutBytes, 2)).toContain('Only in content_blocks.');
      expect(await suite.db.storage.countVersions(id)).toBe(0);
    });

    it('refuses --paper without --format pdf, and an unknown paper, as usage errors', async () => {
      // Fails if --paper is accepted and ignored.
      for (const args of [['--format', 'json', '--paper', 'a4'], ['--paper', 'a4'], ['--format', 'pdf', '--paper', 'a3']]) {
        const run = await runCli(['export', scriptId, ...args, '--json'], { location: suite.db.location, cwd });
        expect([args.join(' '), run.code]).toEqual([args.join(' '), 2]);
      }
    });
  });
}
