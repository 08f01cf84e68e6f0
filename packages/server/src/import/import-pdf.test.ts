/**
 * importPdf on real PDFs: the server's own export of a script that uses
 * every element, afterwriting's PDF of the same script (through its
 * command-line tool, as writers run it), a 120-page feature, and files that
 * must be refused. Each test names the breakage that fails it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  layoutBlocksOf,
  paginate,
  printableScriptOf,
  screenplaySchema,
  ScriptFormatError,
  writeFountain,
  type ImportedScript,
  type ProsemirrorNodeJson,
  type TitlePage,
} from '@writersroom/screenplay';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { createScreenplayFixture } from '../../../../bench/src/screenplay-fixture.js';
import { scriptPdf } from '../export/script-pdf.js';
import { importPdf } from './import-pdf.js';

const row = { title: 'The Long Night', updatedAt: new Date('2025-05-01T12:00:00Z') };
const node = (type: string, text: string, attrs?: Record<string, string>): ProsemirrorNodeJson => ({ type, content: [{ type: 'text', text }], ...(attrs ? { attrs } : {}) });
/** Thirty sentences: more dialogue than fits on the rest of the first page, so the speech breaks with (MORE) and (CONT'D). */
const longSpeech = Array.from({ length: 30 }, (_, i) => `Sentence ${i} of a speech that keeps on going.`).join(' ');

/** A script with every printed element, scene numbers, a speech split across pages, and a writer's own extensions. */
const SCRIPT = screenplaySchema.nodeFromJSON({
  type: 'doc',
  content: [
    node('transition', 'FADE IN:'),
    node('sceneHeading', 'INT. KITCHEN - NIGHT', { sceneNumber: '1' }),
    node('action', 'Rain hammers the window. MARA (40s), soaked through, stands at the sink and lets the water run over her hands for a long, long time.'),
    node('character', 'MARA'),
    node('parenthetical', 'quietly, not looking at the door, as if the words were meant for someone else'),
    node('dialogue', 'You said you would be home by nine. It is after midnight.'),
    node('character', 'BEN (V.O.)'),
    node('dialogue', 'I know.'),
    node('shot', 'ANGLE ON THE DOOR'),
    // 55 characters before `well-`: our 60-column action wraps after its hyphen, afterwriting before the word.
    node('action', 'It opens. Across the road stands a house that everyone well-known to the police avoids.'),
    node('general', 'A general line.'),
    node('character', 'BEN'),
    node('dialogue', longSpeech),
    node('action', 'Silence.'),
    node('character', 'BEN'),
    node('parenthetical', 'beat'),
    node('dialogue', 'And another thing.'),
    node('centered', 'THE NEXT MORNING'),
    node('character', 'MARA (CONT\'D)'),
    node('lyrics', 'Happy birthday to you'),
    node('transition', 'CUT TO:'),
    node('sceneHeading', 'EXT. STREET OUTSIDE THE OLD HARBOUR WAREHOUSE WHERE THE FERRIES DOCK - DAY', { sceneNumber: '2A' }),
    node('action', 'Sun.'),
  ],
});
const TITLE_PAGE: TitlePage = { title: 'The Long Night', credit: 'Written by', authors: 'Ana Writer', contact: 'Ana Writer\n12 Rue Street\nana@example.com', draftDate: 'May 1, 2025' };

interface Element {
  type: string;
  text: string;
  sceneNumber?: string;
}

function elementsOf(doc: { content?: ProsemirrorNodeJson[] }): Element[] {
  return (doc.content ?? []).map((element) => {
    const sceneNumber = element.attrs?.['sceneNumber'];
    return { type: element.type, text: (element.content ?? []).map((child) => child.text ?? '').join(''), ...(typeof sceneNumber === 'string' ? { sceneNumber } : {}) };
  });
}

/**
 * What a PDF can give back of the script: it prints general text exactly as
 * action and lyrics exactly as dialogue (no font, no indent tells them
 * apart), so those come back as action and dialogue.
 */
function asPrinted(elements: readonly Element[]): Element[] {
  return elements.map((element) => (element.type === 'general' ? { ...element, type: 'action' } : element.type === 'lyrics' ? { ...element, type: 'dialogue' } : element));
}

const ourPdf = () => scriptPdf({ blocks: layoutBlocksOf(SCRIPT), titlePage: TITLE_PAGE }, row, 'letter');

const require = createRequire(import.meta.url);
const AFTERWRITING = path.join(path.dirname(require.resolve('afterwriting/package.json')), 'awc.js');

/** afterwriting's PDF of a Fountain script, on US Letter with scene numbers in both margins, as bench/src/afterwriting-pdf.ts runs it. */
function afterwritingPdf(fountain: string): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'wr-import-afterwriting-'));
  try {
    writeFileSync(path.join(dir, 'script.fountain'), fountain);
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ print_profile: 'usletter', scenes_numbers: 'both' }));
    const result = spawnSync(process.execPath, [AFTERWRITING, '--source', 'script.fountain', '--pdf', 'script.pdf', '--overwrite', '--config', 'config.json'], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`afterwriting failed: ${result.stderr || result.stdout}`);
    return readFileSync(path.join(dir, 'script.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF drawn with pdfkit, for files no screenplay tool would make. */
function pdfkitPdf(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 72, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

async function refusal(bytes: Uint8Array): Promise<ScriptFormatError> {
  const error = await importPdf(bytes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ScriptFormatError);
  expect((error as ScriptFormatError).format).toBe('pdf');
  return error as ScriptFormatError;
}

function noticeTexts(imported: ImportedScript): string {
  return imported.report.notices.map((notice) => notice.message).join('\n');
}

describe('importPdf', () => {
  it("gives back the elements, scene numbers and title page of the server's own PDF", async () => {
    // Fails if (MORE), the page number or the page-break (CONT'D) cue is kept as text, if the split speech
    // stays two dialogues, if a parenthetical keeps its parentheses, or if a margin scene number is lost.
    const imported = await importPdf(await ourPdf());
    const expected = asPrinted(elementsOf(SCRIPT.toJSON() as { content: ProsemirrorNodeJson[] }));
    // Our exporter adds (CONT'D) to a cue whose character spoke last in the scene with only action between
    // (PAGINATION.md [PG12]); printed, it is the writer's own, so it stays.
    expected[14] = { type: 'character', text: "BEN (CONT'D)" };
    expect(elementsOf(imported.document)).toEqual(expected);
    // The title prints in capitals.
    expect(imported.titlePage).toEqual({ ...TITLE_PAGE, title: 'THE LONG NIGHT' });
    expect(imported.report.format).toBe('pdf');
    expect(imported.report.titlePageFields).toBe(5);
    expect(imported.report.elements).toEqual({ transition: 2, sceneHeading: 2, action: 5, character: 5, parenthetical: 2, dialogue: 5, shot: 1, centered: 1 });
    expect(imported.report.pages).toEqual([1, 2, 3].map((page) => ({ page, confidence: 1, unclassified: 0 })));
    expect(noticeTexts(imported)).toMatch(/\(MORE\).*left out/);
    expect(noticeTexts(imported)).toMatch(/CONT'D.*joined/);
  });

  it("gives back the same elements from afterwriting's PDF of the script, with its other columns", async () => {
    // Fails if the columns are fixed at Final Draft's (afterwriting puts cues at 3.5 in, parentheticals at 3.0 in),
    // or if centered text that starts near the cue column is read as a cue.
    const pdf = afterwritingPdf(writeFountain(SCRIPT, TITLE_PAGE));
    const imported = await importPdf(pdf);
    expect(elementsOf(imported.document)).toEqual(asPrinted(elementsOf(SCRIPT.toJSON() as { content: ProsemirrorNodeJson[] })));
    // afterwriting prints the title in capitals, and the draft date above the contact, bottom right.
    expect(imported.titlePage).toEqual({ ...TITLE_PAGE, title: 'THE LONG NIGHT' });
    expect(imported.report.pages!.every((page) => page.confidence === 1)).toBe(true);
  });

  it('reads a 120-page feature back element for element, every speech split by a page break made whole', async () => {
    // Fails if a speech split across pages stays two elements, if a page's first or last line is lost, or if
    // a cue keeps the (CONT'D) a page break added.
    let scene = 0;
    const blocks = printableScriptOf(createScreenplayFixture().doc).blocks.map((block) => (block.type === 'sceneHeading' ? { ...block, sceneNumber: String(++scene) } : block));
    const imported = await importPdf(await scriptPdf({ blocks, titlePage: {} }, row, 'letter'));
    // Cues come back as they printed: with the (CONT'D) of [PG12] where the engine added it, not with a page break's.
    const printedCues = new Map<number, string>();
    for (const page of paginate(blocks, { paper: 'letter' }).pages) {
      for (const line of page.lines) if (line.kind === 'text' && line.element === 'character') printedCues.set(line.block!, line.text);
    }
    const expected = blocks.map((block, index): Element => ({
      type: block.type,
      text: block.type === 'character' ? printedCues.get(index)! : block.type === 'parenthetical' ? block.text.replace(/^\((.*)\)$/, '$1') : block.text,
      ...(block.sceneNumber ? { sceneNumber: block.sceneNumber } : {}),
    }));
    // A PDF cannot tell an action paragraph that a page break split from two paragraphs: only action may differ.
    const withoutAction = (elements: readonly Element[]) => elements.filter((element) => element.type !== 'action');
    const read = elementsOf(imported.document);
    expect(withoutAction(read)).toEqual(withoutAction(expected));
    expect(read.filter((element) => element.type === 'action').map((element) => element.text).join(' ')).toBe(
      expected.filter((element) => element.type === 'action').map((element) => element.text).join(' '),
    );
    expect(imported.report.pages!.length).toBeGreaterThan(100);
    expect(imported.report.pages!.every((page) => page.unclassified === 0)).toBe(true);
  });

  it('drops a header printed on every page, finds columns no tool we test uses, and reads stray lines as action with a notice naming them', async () => {
    // Fails if a repeated header becomes action on every page, if the dialogue and cue columns are not read
    // from the document (here 2.2 in and 3.4 in), if a revision mark makes its line unreadable, or if an
    // unclassified line goes unreported.
    const pdf = await pdfkitPdf((doc) => {
      doc.font('Courier').fontSize(12);
      for (let page = 1; page <= 4; page++) {
        if (page > 1) doc.addPage();
        doc.text(`Blue draft ${page}/5/2025`, 108, 40, { lineBreak: false });
        doc.text(`INT. ROOM ${page} - DAY`, 108, 72, { lineBreak: false });
        doc.text('MARA', 244.8, 96, { lineBreak: false });
        doc.text('Hello.', 158.4, 108, { lineBreak: false });
        if (page === 2) doc.text('a stray note', 40, 200, { lineBreak: false });
        if (page === 3) doc.text('*', 568.8, 108, { lineBreak: false });
      }
    });
    const imported = await importPdf(pdf);
    expect(elementsOf(imported.document).map((element) => element.type)).toEqual([
      ...['sceneHeading', 'character', 'dialogue'],
      ...['sceneHeading', 'character', 'dialogue', 'action'],
      ...['sceneHeading', 'character', 'dialogue'],
      ...['sceneHeading', 'character', 'dialogue'],
    ]);
    expect(noticeTexts(imported)).toContain('header or footer');
    expect(noticeTexts(imported)).toContain('page 2: "a stray note"');
    expect(noticeTexts(imported)).toContain('revision marks (*) in the margin were left out (on page 3)');
    expect(imported.report.pages![2]).toEqual({ page: 3, confidence: 1, unclassified: 0 });
    expect(imported.report.pages![1]).toEqual({ page: 2, confidence: 0.75, unclassified: 1 });
  });

  it("joins a speech across a page break when the tool prints (MORE) but does not repeat the cue", async () => {
    // Fails if the dialogue at the top of the next page starts a speech of its own (an orphan dialogue).
    const pdf = await pdfkitPdf((doc) => {
      doc.font('Courier').fontSize(12);
      doc.text('INT. ROOM - DAY', 108, 72, { lineBreak: false });
      doc.text('MARA', 266.4, 96, { lineBreak: false });
      doc.text('The first half of what she says,', 180, 108, { lineBreak: false });
      doc.text('(MORE)', 266.4, 120, { lineBreak: false });
      doc.addPage();
      doc.text('2.', 525.6, 36, { lineBreak: false });
      doc.text('and the second half.', 180, 72, { lineBreak: false });
    });
    expect(elementsOf((await importPdf(pdf)).document)).toEqual([
      { type: 'sceneHeading', text: 'INT. ROOM - DAY' },
      { type: 'character', text: 'MARA' },
      { type: 'dialogue', text: 'The first half of what she says, and the second half.' },
    ]);
  });

  it('keeps a first page of action alone as the script, not as its title page', async () => {
    // Fails if a first page without headings or speeches is taken for a title page when it does not open with a
    // centered line, or when it is as full as a page of script (its text would be lost to the title fields).
    const secondPage = (doc: PDFKit.PDFDocument) => {
      doc.addPage();
      doc.text('INT. ROOM - DAY', 108, 72, { lineBreak: false });
      doc.text('MARA', 266.4, 96, { lineBreak: false });
      doc.text('Hello.', 180, 108, { lineBreak: false });
    };
    const sparse = await pdfkitPdf((doc) => {
      doc.font('Courier').fontSize(12);
      for (let row = 0; row < 10; row++) doc.text(`Prologue line ${row}.`, 108, 72 + row * 24, { lineBreak: false });
      doc.text('THE END OF THE PROLOGUE', 223.2, 72 + 10 * 24, { lineBreak: false });
      secondPage(doc);
    });
    const full = await pdfkitPdf((doc) => {
      doc.font('Courier').fontSize(12);
      doc.text('PROLOGUE', 295.2, 72, { lineBreak: false });
      for (let row = 0; row < 40; row++) doc.text(`Prologue line ${row}.`, 108, 96 + row * 12, { lineBreak: false });
      secondPage(doc);
    });
    const speech = { sceneHeading: 1, character: 1, dialogue: 1 };
    const sparseRead = await importPdf(sparse);
    expect(sparseRead.titlePage).toEqual({});
    expect(sparseRead.report.elements).toEqual({ action: 10, centered: 1, ...speech });
    const fullRead = await importPdf(full);
    expect(fullRead.titlePage).toEqual({});
    expect(fullRead.report.elements).toEqual({ centered: 1, action: 1, ...speech });
  });

  describe('refuses, in plain words', () => {
    it('bytes that are not a PDF', async () => {
      // Fails if random bytes reach pdf.js and come back as its own wording (or as an empty script).
      const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
      expect((await refusal(random)).message).toBe('This is not a PDF file.');
    });

    it('a PDF cut off halfway', async () => {
      // Fails if what pdf.js rebuilds of a cut-off file is imported as if it were the whole script.
      const pdf = await ourPdf();
      expect((await refusal(pdf.subarray(0, pdf.length >> 1))).message).toMatch(/incomplete/);
    });

    it('a password-protected PDF', async () => {
      // Fails if the password error surfaces as pdf.js's own, or as "damaged".
      const pdf = await pdfkitPdf((doc) => doc.text('INT. ROOM - DAY'), { userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' });
      expect((await refusal(pdf)).message).toMatch(/protected with a password/);
    });

    it('a PDF without text (a scan)', async () => {
      // Fails if a text-free PDF imports as an empty script.
      const pdf = await pdfkitPdf((doc) => doc.rect(100, 100, 300, 400).fill('#888'));
      expect((await refusal(pdf)).message).toMatch(/has no text to read; it may be a scanned image/);
    });

    it('a letter in prose', async () => {
      // Fails if any PDF with text is taken for a script of action lines.
      const pdf = await pdfkitPdf((doc) => {
        doc.font('Courier').fontSize(12);
        doc.text('Dear Ms. Writer,', 108, 100);
        doc.moveDown();
        doc.text(Array.from({ length: 40 }, () => 'Thank you for sending us your screenplay, which we read with interest.').join(' '), 108, undefined, { width: 400 });
        doc.moveDown();
        doc.text('Yours sincerely,');
      });
      expect((await refusal(pdf)).message).toMatch(/does not look like a screenplay/);
    });

    it('a page in two columns that happens to hold a line like a scene heading', async () => {
      // Fails if one heading-like line is enough to take any PDF for a script.
      const pdf = await pdfkitPdf((doc) => {
        doc.font('Courier').fontSize(12);
        doc.text('INT. OFFICE NEWS', 72, 72, { lineBreak: false });
        for (let row = 0; row < 30; row++) {
          doc.text(`Left column news item number ${row}.`, 72, 96 + row * 12, { lineBreak: false });
          doc.text(`Right column item ${row}.`, 330, 96 + row * 12, { lineBreak: false });
        }
      });
      expect((await refusal(pdf)).message).toMatch(/does not look like a screenplay/);
    });
  });
});
