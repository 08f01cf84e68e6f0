import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  buildSeedUpdate,
  contentBlocksToProsemirror,
  DOCUMENT_FRAGMENT,
  findSchemaViolations,
  MAX_TITLE_PAGE_FIELD_LENGTH,
  replaceFragmentContent,
  TITLE_PAGE_MAP,
  writeTitlePageField,
  type ContentBlock,
} from './index.js';

const SCRIPT: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. OFFICE - DAY', metadata: { sceneNumber: '1' } },
  { type: 'action', text: 'John enters.' },
  { type: 'character', text: 'JOHN', metadata: { dualDialogue: 'left' } },
  { type: 'dialogue', text: 'Hello.' },
];

/** A client's copy of the seeded script. */
function clientDoc(blocks: ContentBlock[] = SCRIPT): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, buildSeedUpdate(blocks));
  return doc;
}

/** The update a change to `doc` produces, as the client would send it; `before` is the server's copy. */
function change(doc: Y.Doc, edit: (fragment: Y.XmlFragment) => void): { update: Uint8Array; before: Y.Doc } {
  const before = new Y.Doc();
  Y.applyUpdate(before, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.transact(() => edit(doc.getXmlFragment(DOCUMENT_FRAGMENT)));
  expect(updates).toHaveLength(1);
  return { update: updates[0]!, before };
}

const element = (fragment: Y.XmlFragment, index: number) => fragment.get(index) as Y.XmlElement;
const textOf = (fragment: Y.XmlFragment, index: number) => element(fragment, index).get(0) as Y.XmlText;

describe('findSchemaViolations', () => {
  it('accepts a seed, typing, formatting, new elements with attributes and deletions', () => {
    expect(findSchemaViolations(buildSeedUpdate(SCRIPT))).toEqual([]);
    const edits: Array<(fragment: Y.XmlFragment) => void> = [
      (fragment) => textOf(fragment, 1).insert(5, 'slowly '),
      (fragment) => textOf(fragment, 3).format(0, 5, { bold: {}, italic: {} }),
      (fragment) => textOf(fragment, 1).insert(0, 'Suddenly, ', { underline: {} }),
      (fragment) => element(fragment, 0).setAttribute('sceneNumber', '1A'),
      (fragment) => element(fragment, 2).removeAttribute('dualDialogue'),
      (fragment) => fragment.delete(1, 2),
      (fragment) => {
        const line = new Y.XmlElement('dialogue');
        line.setAttribute('dualDialogue', 'right');
        line.insert(0, [new Y.XmlText('Hi.')]);
        fragment.insert(4, [line]);
      },
      (fragment) => {
        const doc = fragment.doc!;
        const blocks = [...SCRIPT, { type: 'shot', text: 'CLOSE ON JOHN' } as ContentBlock];
        replaceFragmentContent(doc, fragment, contentBlocksToProsemirror(blocks));
      },
    ];
    for (const edit of edits) {
      const { update, before } = change(clientDoc(), edit);
      expect(findSchemaViolations(update)).toEqual([]);
      expect(findSchemaViolations(update, before)).toEqual([]);
    }
  });

  it('accepts removing a format it does not know, which can only take content out', () => {
    const doc = clientDoc();
    // Written before the guard existed.
    textOf(doc.getXmlFragment(DOCUMENT_FRAGMENT), 1).format(0, 4, { strike: true });
    const { update, before } = change(doc, (fragment) => textOf(fragment, 1).format(0, 4, { strike: null }));
    expect(findSchemaViolations(update, before)).toEqual([]);
  });

  it('rejects element types the schema does not know', () => {
    const { update, before } = change(clientDoc(), (fragment) => {
      fragment.insert(1, [new Y.XmlElement('script')]);
      fragment.insert(0, [new Y.XmlElement('madeUp')]);
    });
    expect(findSchemaViolations(update).sort()).toEqual(["unknown element type 'madeUp'", "unknown element type 'script'"]);
    expect(findSchemaViolations(update, before).sort()).toEqual([
      "unknown element type 'madeUp'",
      "unknown element type 'script'",
    ]);
  });

  it('rejects an attribute the element does not carry, on a new or an existing element', () => {
    const created = change(clientDoc(), (fragment) => {
      const action = new Y.XmlElement('action');
      action.setAttribute('onclick', 'alert(1)');
      fragment.insert(0, [action]);
    });
    expect(findSchemaViolations(created.update)).toEqual(["unknown attribute 'onclick' on 'action'"]);

    const existing = change(clientDoc(), (fragment) => element(fragment, 1).setAttribute('style', 'color:red'));
    expect(findSchemaViolations(existing.update)).toEqual(["unknown attribute 'style' (no element carries it)"]);
    expect(findSchemaViolations(existing.update, existing.before)).toEqual(["unknown attribute 'style' on 'action'"]);

    // Another element's attribute: only the doc tells which element this is.
    const misplaced = change(clientDoc(), (fragment) => element(fragment, 1).setAttribute('sceneNumber', '9'));
    expect(findSchemaViolations(misplaced.update)).toEqual([]);
    expect(findSchemaViolations(misplaced.update, misplaced.before)).toEqual(["unknown attribute 'sceneNumber' on 'action'"]);
  });

  it('rejects attribute values the schema does not allow, including an overwrite when given the doc', () => {
    const created = change(clientDoc(), (fragment) => {
      const cue = new Y.XmlElement('character');
      cue.setAttribute('dualDialogue', 'middle');
      fragment.insert(0, [cue]);
    });
    expect(findSchemaViolations(created.update)).toEqual([
      `invalid value for attribute 'dualDialogue' on 'character': attribute dualDialogue must be 'left', 'right' or null, got "middle"`,
    ]);
    // Element 2 already has dualDialogue 'left': the new value is placed by origin only.
    const overwrite = change(clientDoc(), (fragment) => element(fragment, 2).setAttribute('dualDialogue', 'middle'));
    expect(findSchemaViolations(overwrite.update, overwrite.before)).toEqual([
      `invalid value for attribute 'dualDialogue' on 'character': attribute dualDialogue must be 'left', 'right' or null, got "middle"`,
    ]);
  });

  it('rejects marks the schema does not know', () => {
    const formatted = change(clientDoc(), (fragment) => textOf(fragment, 1).format(0, 4, { strike: true }));
    expect(findSchemaViolations(formatted.update)).toEqual(["unknown mark 'strike'"]);
    const inserted = change(clientDoc(), (fragment) =>
      textOf(fragment, 1).insert(0, 'click', { link: { href: 'javascript:alert(1)' } }),
    );
    expect(findSchemaViolations(inserted.update, inserted.before)).toEqual(["unknown mark 'link'"]);
    // Found by the convergence harness: `true` was accepted, and the projection then failed on every attempt.
    const flag = change(clientDoc(), (fragment) => textOf(fragment, 1).format(0, 4, { bold: true }));
    expect(findSchemaViolations(flag.update)).toEqual(["invalid value for mark 'bold': true"]);
    const badAttrs = change(clientDoc(), (fragment) => textOf(fragment, 1).format(0, 4, { bold: { weight: 900 } }));
    expect(findSchemaViolations(badAttrs.update)).toEqual(["unknown attribute 'weight' on mark 'bold'"]);
  });

  // Breakage: without checkStorableText in findSchemaViolations, every case below but the mark's was [].
  it('rejects text, attribute values and mark values holding characters that cannot be stored, with or without the doc', () => {
    const typed = change(clientDoc(), (fragment) => textOf(fragment, 1).insert(5, 'pasted\u0000'));
    expect(findSchemaViolations(typed.update)).toEqual(['text holds U+0000 (NUL) at index 6, which cannot be stored']);
    expect(findSchemaViolations(typed.update, typed.before)).toEqual(['text holds U+0000 (NUL) at index 6, which cannot be stored']);
    const escape = change(clientDoc(), (fragment) => textOf(fragment, 3).insert(0, '\u001b[31m\u0007'));
    expect(findSchemaViolations(escape.update, escape.before)).toEqual(['text holds U+001B (ESC) at index 0, which cannot be stored']);

    const created = change(clientDoc(), (fragment) => {
      const heading = new Y.XmlElement('sceneHeading');
      heading.setAttribute('sceneNumber', '1\u0000');
      heading.insert(0, [new Y.XmlText('INT. VAULT')]);
      fragment.insert(0, [heading]);
    });
    expect(findSchemaViolations(created.update)).toEqual(["attribute 'sceneNumber' holds U+0000 (NUL) at index 1, which cannot be stored"]);
    // An overwrite of an existing element's attribute, placed through the doc.
    const overwrite = change(clientDoc(), (fragment) => element(fragment, 0).setAttribute('sceneNumber', '\u00072'));
    expect(findSchemaViolations(overwrite.update, overwrite.before)).toEqual([
      "attribute 'sceneNumber' holds U+0007 (BEL) at index 0, which cannot be stored",
    ]);

    // The schema's marks carry no attributes, so this one is refused twice over.
    const marked = change(clientDoc(), (fragment) => textOf(fragment, 1).format(0, 4, { bold: { note: '\u0000' } }));
    expect(findSchemaViolations(marked.update, marked.before).sort()).toEqual([
      "mark 'bold' holds U+0000 (NUL) at index 0, which cannot be stored",
      "unknown attribute 'note' on mark 'bold'",
    ]);
  });

  it('accepts tab and newline, and sees a lone surrogate only where Yjs encodes JSON', () => {
    const tabbed = change(clientDoc(), (fragment) => textOf(fragment, 1).insert(0, 'a\tb\nc'));
    expect(findSchemaViolations(tabbed.update, tabbed.before)).toEqual([]);
    // lib0 writes strings as UTF-8, which has no lone surrogates: text and attribute values arrive as U+FFFD.
    const surrogate = change(clientDoc(), (fragment) => {
      textOf(fragment, 1).insert(0, '\uD800');
      element(fragment, 0).setAttribute('sceneNumber', '\uDC00');
    });
    expect(findSchemaViolations(surrogate.update, surrogate.before)).toEqual([]);
    const received = new Y.Doc();
    Y.applyUpdate(received, Y.encodeStateAsUpdate(surrogate.before));
    Y.applyUpdate(received, surrogate.update);
    const fragment = received.getXmlFragment(DOCUMENT_FRAGMENT);
    expect(textOf(fragment, 1).toString().startsWith('\uFFFD')).toBe(true);
    expect(element(fragment, 0).getAttribute('sceneNumber')).toBe('\uFFFD');
    // A format's value travels as JSON text, whose \ud800 escape survives.
    const formatted = change(clientDoc(), (fragment) => textOf(fragment, 1).format(0, 2, { bold: { note: '\uD800' } }));
    expect(findSchemaViolations(formatted.update)).toContain("mark 'bold' holds U+D800 (lone high surrogate) at index 0, which cannot be stored");
  });

  it("rejects any write to a root other than the editor's fragment, the plan's Y.Array('content') first", () => {
    const plan = new Y.Doc();
    plan.getArray('content').push([{ type: 'sceneHeading', content: [{ type: 'text', text: 'INT. OFFICE' }] }]);
    expect(findSchemaViolations(Y.encodeStateAsUpdate(plan))).toEqual([
      "writes to the shared root 'content' (only 'default' and 'titlePage' are part of a script)",
    ]);
    const meta = new Y.Doc();
    meta.getMap('meta').set('title', 'x');
    expect(findSchemaViolations(Y.encodeStateAsUpdate(meta))).toEqual([
      "writes to the shared root 'meta' (only 'default' and 'titlePage' are part of a script)",
    ]);
  });

  it('accepts title page fields of storable text and refuses anything else written to the title page', () => {
    const server = new Y.Doc();
    writeTitlePageField(server, 'title', 'The Long Night');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const edit = (write: (map: Y.Map<unknown>) => void) => {
      let update: Uint8Array | undefined;
      client.once('update', (emitted: Uint8Array) => (update = emitted));
      client.transact(() => write(client.getMap(TITLE_PAGE_MAP)));
      return findSchemaViolations(update!, server);
    };
    // Fails if the guard treats the title page as any other root (every title page edit refused).
    expect(edit((map) => map.set('contact', 'Ada Agency\n1 Main St'))).toEqual([]);
    // An overwrite carries no parent of its own: it is placed through the doc, and checked all the same.
    expect(edit((map) => map.set('title', 'x'.repeat(MAX_TITLE_PAGE_FIELD_LENGTH + 1)))).toEqual([
      `title page field 'title' is ${MAX_TITLE_PAGE_FIELD_LENGTH + 1} characters long (at most ${MAX_TITLE_PAGE_FIELD_LENGTH})`,
    ]);
    expect(edit((map) => map.set('budget', '1000000'))).toEqual(["unknown title page field 'budget'"]);
    expect(edit((map) => map.set('credit', 42))).toEqual(["title page field 'credit' set to number instead of text"]);
    expect(edit((map) => map.set('source', new Y.Map()))).toEqual(["title page field 'source' set to Y.Map instead of text"]);
    expect(edit((map) => map.set('notes', 'a\u0000b'))).toEqual([
      "title page field 'notes' holds U+0000 (NUL) at index 1, which cannot be stored",
    ]);
    const asFragment = new Y.Doc();
    asFragment.getXmlFragment(TITLE_PAGE_MAP).insert(0, [new Y.XmlText('x')]);
    expect(findSchemaViolations(Y.encodeStateAsUpdate(asFragment))).toEqual(['puts Y.XmlText in the title page, which holds named fields only']);
    // Clearing a field is a deletion: always allowed.
    expect(edit((map) => map.delete('title'))).toEqual([]);
  });

  it("catches an append to an existing legacy 'content' array only when given the doc", () => {
    const server = new Y.Doc();
    server.getArray('content').push([{ type: 'action', text: 'old' }]);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const updates: Uint8Array[] = [];
    client.on('update', (update: Uint8Array) => updates.push(update));
    client.getArray('content').push([{ type: 'action', text: 'new' }]);
    expect(findSchemaViolations(updates[0]!)).toEqual([]);
    expect(findSchemaViolations(updates[0]!, server)).toEqual([
      "writes to the shared root 'content' (only 'default' and 'titlePage' are part of a script)",
    ]);
    // Re-sending what the server already has changes nothing and is not a violation.
    expect(findSchemaViolations(Y.encodeStateAsUpdate(server), server)).toEqual([]);
  });

  it('rejects structure the schema does not allow: text outside elements, elements in elements, other shared types', () => {
    const loose = change(clientDoc(), (fragment) => fragment.insert(0, [new Y.XmlText('loose')]));
    // Placed next to an existing element: only the doc tells it went into the fragment.
    expect(findSchemaViolations(loose.update)).toEqual([]);
    expect(findSchemaViolations(loose.update, loose.before)).toEqual(['puts text directly in the document, outside any element']);

    const empty = clientDoc([{ type: 'action', text: '' }, { type: 'dialogue', text: 'x' }]);
    const nested = change(empty, (fragment) => element(fragment, 0).insert(0, [new Y.XmlElement('dialogue')]));
    expect(findSchemaViolations(nested.update, nested.before)).toEqual(["puts Y.XmlElement 'dialogue' inside 'action'"]);
    const nestedNew = change(clientDoc(), (fragment) => {
      const outer = new Y.XmlElement('action');
      outer.insert(0, [new Y.XmlElement('shot')]);
      fragment.insert(0, [outer]);
    });
    expect(findSchemaViolations(nestedNew.update)).toEqual(["puts Y.XmlElement 'shot' inside 'action'"]);
    const nestedBeforeText = change(clientDoc(), (fragment) => element(fragment, 1).insert(0, [new Y.XmlElement('dialogue')]));
    expect(findSchemaViolations(nestedBeforeText.update, nestedBeforeText.before)).toEqual([
      "puts Y.XmlElement 'dialogue' inside 'action'",
    ]);

    const hook = change(clientDoc(), (fragment) => fragment.insert(0, [new Y.XmlHook('widget') as unknown as Y.XmlElement]));
    expect(findSchemaViolations(hook.update)).toEqual(["creates a Y.XmlHook 'widget'"]);
    expect(findSchemaViolations(hook.update, hook.before)).toEqual(["puts Y.XmlHook 'widget' in the document"]);
    const embed = change(clientDoc(), (fragment) => textOf(fragment, 1).insertEmbed(0, { image: 'x.png' }));
    expect(findSchemaViolations(embed.update, embed.before)).toEqual(['puts an embed inside text']);
  });

  it('throws for bytes that are not an update, so callers can tell malformed from off-schema', () => {
    expect(() => findSchemaViolations(new Uint8Array([1, 2, 3, 250, 250, 250]))).toThrow();
  });

  it('accepts a long run of ordinary typing updates', () => {
    const doc = clientDoc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = textOf(doc.getXmlFragment(DOCUMENT_FRAGMENT), 1);
    for (let index = 0; index < 200; index += 1) text.insert(text.length, 'x');
    for (const update of updates) expect(findSchemaViolations(update)).toEqual([]);
  });
});
