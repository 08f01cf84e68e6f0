import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ContentFormatError } from '../content-format-error.js';
import { emptyScriptDocument } from '../convert-content-blocks.js';
import { DOCUMENT_FRAGMENT } from '../element-types.js';
import { writeTitlePageField } from '../title-page.js';
import { writeProsemirrorToFragment } from '../y-document.js';
import { printableScriptOf } from './printable-script.js';

function documentWith(content: unknown[]): Y.Doc {
  const doc = new Y.Doc();
  writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), { type: 'doc', content });
  return doc;
}

describe('printableScriptOf', () => {
  it('reads every element with its marks and printing attributes, and the title page', () => {
    const doc = documentWith([
      { type: 'sceneHeading', attrs: { sceneNumber: '12' }, content: [{ type: 'text', text: 'INT. KITCHEN - NIGHT' }] },
      {
        type: 'action',
        content: [
          { type: 'text', text: 'Rain ' },
          { type: 'text', text: 'hammers', marks: [{ type: 'bold' }, { type: 'italic' }] },
          { type: 'text', text: ' the window.' },
        ],
      },
      { type: 'character', attrs: { dualDialogue: 'left' }, content: [{ type: 'text', text: 'MARA' }] },
      { type: 'dialogue', content: [{ type: 'text', text: 'You said you would call.', marks: [{ type: 'underline' }] }] },
    ]);
    writeTitlePageField(doc, 'title', 'The Long Night');
    writeTitlePageField(doc, 'authors', 'Ana Writer');

    const { blocks, titlePage } = printableScriptOf(doc);

    expect(blocks).toEqual([
      { type: 'sceneHeading', text: 'INT. KITCHEN - NIGHT', styles: [], sceneNumber: '12' },
      { type: 'action', text: 'Rain hammers the window.', styles: [{ from: 5, to: 12, style: { bold: true, italic: true } }] },
      { type: 'character', text: 'MARA', styles: [], dualDialogue: 'left' },
      { type: 'dialogue', text: 'You said you would call.', styles: [{ from: 0, to: 24, style: { underline: true } }] },
    ]);
    expect(titlePage).toEqual({ title: 'The Long Night', authors: 'Ana Writer' });
  });

  it('reads a document never written to as the empty script with an empty title page', () => {
    const script = printableScriptOf(new Y.Doc());
    expect({ blocks: script.blocks, titlePage: script.titlePage }).toEqual({ blocks: [{ type: 'action', text: '', styles: [] }], titlePage: {} });
    expect(script.document.toJSON()).toEqual(emptyScriptDocument());
  });

  it('refuses a document holding an element the schema does not know, naming where', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [new Y.XmlElement('lyric')]);
    expect(() => printableScriptOf(doc)).toThrow(ContentFormatError);
  });
});
