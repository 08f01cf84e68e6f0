/**
 * Comments in exports, only on request: `GET /api/scripts/:id/export?…&comments=include`
 * and `writersroom export … --comments`, on SQLite and PostgreSQL. Threads
 * are made over REST on anchors taken from the stored document, as the
 * editor makes them; one is detached by deleting its text live, one is
 * resolved (and so stays out). The files are read back as their readers
 * would: Fountain and FDX through the import route, the PDF with pdftotext.
 *
 * Each test names the breakage that fails it.
 */
import { DOCUMENT_FRAGMENT, writeProsemirrorToFragment, type ContentBlock, type ProsemirrorNodeJson } from '@writersroom/screenplay';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runCli } from '../support/cli-runner.js';
import { pagesText, pdfInfo, popplerAvailable } from '../support/poppler.js';
import { eventually, whenSynced } from '../support/providers.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, STORAGE_KINDS, testConfig } from '../support/test-server.js';

const node = (type: string, text: string): ProsemirrorNodeJson => ({ type, content: [{ type: 'text', text }] });
/** Sixty one-line actions: the script runs to three pages, so the page a comment is on is worth checking. */
const BEATS = Array.from({ length: 60 }, (_, i) => `Beat ${i}.`);
const RAIN = 'The rain falls hard on the roof.';
const RAIN_AT = 1;
const BEAT_50_AT = 2 + 50;
const GONE_AT = 2 + BEATS.length;

const FIRST = 'Is it raining inside too?';
const REPLY = 'Only in the attic.';
/** What could break each format: a Fountain note's end, a boneyard's end, XML markup, an emoji, Hebrew (right to left). */
const HOSTILE = 'Mind ]] this */ and <b>&amp; \u{1F327}\uFE0F \u05D2\u05E9\u05DD \u05D9\u05D5\u05E8\u05D3 done';
const GONE = 'Why cut this speech?';
const RESOLVED = 'Settled long ago.';

function scriptDocument(): Y.Doc {
  const doc = new Y.Doc();
  writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), {
    type: 'doc',
    content: [node('sceneHeading', 'INT. ATTIC - NIGHT'), node('action', RAIN), ...BEATS.map((beat) => node('action', beat)), node('character', 'MARA'), node('dialogue', 'We stay.')],
  });
  return doc;
}

/** An anchor on `[from, to)` of an element's text, encoded as the editor sends it. */
function anchorOn(doc: Y.Doc, element: number, from: number, to: number): { start: string; end: string } {
  const text = (doc.getXmlFragment(DOCUMENT_FRAGMENT).get(element) as Y.XmlElement).get(0) as Y.XmlText;
  const encode = (at: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, at, assoc))).toString('base64');
  return { start: encode(from, 0), end: encode(to, -1) };
}

/** The text of the `<Content>` paragraphs of an FDX file, each followed by one unit for its end (script-note-range.ts). */
function fdxScriptText(xml: string): string {
  const content = /<Content>([\s\S]*?)<\/Content>/.exec(xml)![1]!;
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...content.matchAll(/<Paragraph[^>]*>([\s\S]*?)<\/Paragraph>/g)].map(([, inner]) => `${[...inner!.matchAll(/<Text[^>]*>([\s\S]*?)<\/Text>/g)].map(([, run]) => unescape(run!)).join('')}\n`).join('');
}

const withoutNotes = (blocks: ContentBlock[]) => blocks.filter((block) => block.type !== 'note');

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`comments in exports, on request, on ${kind}`, () => {
    const suite = useServerSuite(kind, { limits: { ...testConfig().limits, exports: { max: 1000, windowMs: 60_000 } } });
    let scriptId: string;

    const exportAs = async (user: string, query: string) => {
      const response = await fetch(`${suite.server.url}/api/scripts/${scriptId}/export?${query}`, { headers: { authorization: `Bearer dev:${user}` } });
      return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const importAs = async (user: string, format: 'fountain' | 'fdx', bytes: Buffer) => {
      const response = await fetch(`${suite.server.url}/api/scripts?format=${format}`, {
        method: 'POST',
        headers: { authorization: `Bearer dev:${user}`, 'content-type': format === 'fdx' ? 'application/xml' : 'text/plain; charset=utf-8' },
        body: bytes,
      });
      const body = (await response.json()) as { script: { scriptId: string } };
      expect(response.status, JSON.stringify(body)).toBe(201);
      return (await suite.call('GET', `/api/scripts/${body.script.scriptId}/content`, user)).body.contentBlocks as ContentBlock[];
    };
    const comment = async (user: string, anchor: { start: string; end: string }, quote: string, body: string) => {
      const created = await suite.call('POST', `/api/scripts/${scriptId}/comments`, user, { anchor, quote, body });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.thread.threadId as string;
    };

    beforeAll(async () => {
      scriptId = await createScriptFor(suite.db.storage, 'ana', 'Attic', { blank: false });
      const doc = scriptDocument();
      await suite.db.storage.appendVersions([{ scriptId, update: Y.encodeStateAsUpdate(doc), createdBy: null, kind: 'baseline' }]);
      for (const [name, role] of [['ben', 'commenter'], ['vic', 'viewer']] as const) {
        const user = await suite.db.storage.provisionUser({ firebaseUid: `dev:${name}`, displayName: name });
        await suite.db.storage.setCollaborator(scriptId, user.userId, role);
      }
      const rain = await comment('ana', anchorOn(doc, RAIN_AT, 4, 14), 'rain falls', FIRST);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/comments/${rain}/replies`, 'ben', { body: REPLY })).status).toBe(201);
      await comment('ben', anchorOn(doc, BEAT_50_AT, 0, 8), 'Beat 50.', HOSTILE);
      const settled = await comment('ana', anchorOn(doc, 0, 0, 4), 'INT.', RESOLVED);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/comments/${settled}/resolve`, 'ana')).status).toBe(200);
      await comment('ana', anchorOn(doc, GONE_AT + 1, 0, 8), 'We stay.', GONE);
      // The speech is deleted live: its thread detaches.
      const writer = suite.connect(scriptId, 'ana');
      await whenSynced(writer);
      writer.doc.getXmlFragment(DOCUMENT_FRAGMENT).delete(GONE_AT, 2);
      await eventually(async () => {
        const threads = (await suite.call('GET', `/api/scripts/${scriptId}/comments`, 'ana')).body.threads as Array<{ detached: boolean }>;
        return threads.filter((thread) => thread.detached).length === 1;
      }, 'the deleted speech\u2019s thread detaches');
      writer.destroy();
    });

    it('keeps every comment out of all three formats unless asked', async () => {
      // Fails if scriptFile writes the threads whatever the query says (comments by default).
      for (const format of ['fountain', 'fdx', 'pdf']) {
        const { status, bytes } = await exportAs('ana', `format=${format}`);
        expect(status).toBe(200);
        const text = format === 'pdf' ? pagesText(bytes).join('\n') : bytes.toString('utf8');
        for (const body of [FIRST, REPLY, 'Mind', GONE, RESOLVED]) expect(text).not.toContain(body);
      }
    });

    it('writes Fountain notes right after their element, detached ones at the end, resolved ones not at all; the file re-imports with them as notes', async () => {
      // Fails if the hostile `]]` is written as it is: the note ends early and "this */ and …" becomes action on import.
      const { status, bytes } = await exportAs('ana', 'format=fountain&comments=include');
      expect(status).toBe(200);
      const paragraphs = bytes.toString('utf8').trimEnd().split('\n\n');
      const rain = paragraphs.indexOf(RAIN);
      expect(paragraphs[rain + 1]).toBe(`[[ana: ${FIRST}\n\u2014 Reply by ben: ${REPLY}]]`);
      expect(paragraphs[paragraphs.indexOf('Beat 50.') + 1]).toBe(`[[ben: ${HOSTILE.replace(']]', '] ]')}]]`);
      expect(paragraphs.slice(-2)).toEqual(['[[Comments on text since deleted:]]', `[[On deleted text \u201cWe stay.\u201d:\nana: ${GONE}]]`]);
      expect(bytes.toString('utf8')).not.toContain(RESOLVED);

      const original = (await suite.call('GET', `/api/scripts/${scriptId}/content`, 'ana')).body.contentBlocks as ContentBlock[];
      const again = await importAs('ana', 'fountain', bytes);
      expect(withoutNotes(again)).toEqual(withoutNotes(original));
      expect(again.filter((block) => block.type === 'note').map((block) => block.text)).toEqual([
        `ana: ${FIRST}\n\u2014 Reply by ben: ${REPLY}`,
        `ben: ${HOSTILE.replace(']]', '] ]')}`,
        'Comments on text since deleted:',
        `On deleted text \u201cWe stay.\u201d:\nana: ${GONE}`,
      ]);
      expect(again[again.findIndex((block) => block.text === RAIN) + 1]?.type).toBe('note');
    });

    it('writes FDX ScriptNotes whose Range covers the anchored text, and the file re-imports', async () => {
      // Fails if a comment's Range is its paragraph's start alone (the offset inside the element dropped): "rain falls" would not be covered.
      const { status, bytes } = await exportAs('ana', 'format=fdx&comments=include');
      expect(status).toBe(200);
      const xml = bytes.toString('utf8');
      const script = fdxScriptText(xml);
      const notes = [...xml.matchAll(/<ScriptNote Id="\d+" Range="(\d+),(\d+)">([\s\S]*?)<\/ScriptNote>/g)].map(([, from, to, inner]) => ({
        covers: script.slice(Number(from), Number(to)),
        from: Number(from),
        inner: inner!,
      }));
      expect(notes.map((note) => note.covers)).toEqual(['rain falls', 'Beat 50.', '']);
      expect(notes[0]!.inner).toBe(`<Paragraph><Text>ana: ${FIRST}</Text></Paragraph><Paragraph><Text>\u2014 Reply by ben: ${REPLY}</Text></Paragraph>`);
      expect(notes[1]!.inner).toContain('Mind ]] this */ and &lt;b&gt;&amp;amp;');
      expect(notes[2]!.from).toBe(script.length);
      expect(xml).not.toContain(RESOLVED);

      const again = await importAs('ana', 'fdx', bytes);
      expect(again.filter((block) => block.type === 'note').map((block) => block.text)).toEqual([
        `ana: ${FIRST}\n\u2014 Reply by ben: ${REPLY}`,
        `ben: ${HOSTILE}`,
        `On deleted text \u201cWe stay.\u201d:\nana: ${GONE}`,
      ]);
    });

    it.skipIf(!popplerAvailable)('prints a Comments appendix after the last page with each thread\u2019s page, quote, author, date and body; the script\u2019s pages are unchanged', async () => {
      // Fails if the appendix is laid out into the script's pagination (its pages would change), or every thread says page 1.
      const plain = await exportAs('ana', 'format=pdf');
      const withComments = await exportAs('ana', 'format=pdf&comments=include');
      expect(withComments.status).toBe(200);
      const before = pagesText(plain.bytes);
      const after = pagesText(withComments.bytes);
      const appendixAt = after.findIndex((page) => /^\s*COMMENTS\s*$/m.test(page));
      expect(appendixAt).toBe(before.length);
      expect(after.slice(0, appendixAt)).toEqual(before);
      expect(Number(pdfInfo(withComments.bytes).Pages)).toBeGreaterThan(Number(pdfInfo(plain.bytes).Pages));

      // PDF page 1 is the title page: script page n is PDF page n + 1.
      const pageOf = (text: string) => before.findIndex((page) => new RegExp(`^\\s*${text.replace('.', '\\.')}$`, 'm').test(page));
      expect(pageOf('Beat 50.')).toBeGreaterThan(1);
      const appendix = after.slice(appendixAt).join('\n');
      expect(appendix).toContain(`Page ${pageOf(RAIN)}: \u201crain falls\u201d`);
      expect(appendix).toContain(`Page ${pageOf('Beat 50.')}: \u201cBeat 50.\u201d`);
      expect(appendix).toMatch(/^\s*ana, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
      expect(appendix).toMatch(/^\s{4,}ben, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
      for (const text of [FIRST, REPLY, 'Mind ]] this */ and <b>&amp;', 'done', 'Deleted text: \u201cWe stay.\u201d', GONE]) expect(appendix).toContain(text);
      expect(appendix).not.toContain(RESOLVED);
    });

    it('lets a viewer export with comments; a bad comments value is a 400 that names it', async () => {
      // Fails if the query schema lets any value through (comments=yes read as include, or ignored).
      const viewer = await exportAs('vic', 'format=fountain&comments=include');
      expect(viewer.status).toBe(200);
      expect(viewer.bytes.toString('utf8')).toContain(FIRST);
      for (const value of ['yes', '', 'INCLUDE', 'include&comments=include']) {
        const refused = await exportAs('ana', `format=fountain&comments=${value}`);
        expect(refused.status, value).toBe(400);
        const { error } = JSON.parse(refused.bytes.toString('utf8')) as { error: { code: string; message: string } };
        expect(error.code).toBe('WR_ERR_INVALID_REQUEST');
        expect(error.message).toMatch(/comments/);
      }
    });

    it('writes the same file from the CLI with --comments as from the route, and refuses --comments where it has no place', async () => {
      // Fails if the CLI leaves the flag out of its export (or resolves anchors against another document than it prints).
      const viaCli = await runCli(['export', scriptId, '--format', 'fountain', '--comments'], { location: suite.db.location });
      expect(viaCli.code, viaCli.stderr).toBe(0);
      expect(viaCli.stdout).toBe((await exportAs('ana', 'format=fountain&comments=include')).bytes.toString('utf8'));
      const refused = await runCli(['export', scriptId, '--format', 'json', '--comments'], { location: suite.db.location });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--comments/);
    });
  });
}
