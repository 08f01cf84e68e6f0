import { describe, expect, it } from 'vitest';
import { ELEMENT_TYPES, elementNodes, screenplayExtensions, screenplaySchema } from './index.js';

describe('screenplaySchema', () => {
  it('holds the document, text, the nine elements and the three marks, nothing else', () => {
    expect(Object.keys(screenplaySchema.nodes).sort()).toEqual(['doc', 'text', ...ELEMENT_TYPES].sort());
    expect(Object.keys(screenplaySchema.marks).sort()).toEqual(['bold', 'italic', 'underline']);
    expect(screenplaySchema.topNodeType.name).toBe('doc');
  });

  it('is built without a DOM, so the server and the CLI can use it', () => {
    expect(typeof (globalThis as Record<string, unknown>)['document']).toBe('undefined');
    expect(typeof (globalThis as Record<string, unknown>)['window']).toBe('undefined');
  });

  it('makes every element a text block that allows all three marks', () => {
    for (const name of ELEMENT_TYPES) {
      const type = screenplaySchema.nodes[name];
      expect(type?.isTextblock, name).toBe(true);
      expect(type?.isInGroup('block'), name).toBe(true);
      expect(type?.allowsMarkType(screenplaySchema.marks['bold']!), name).toBe(true);
    }
  });

  it('gives scene headings a scene number, dialogue lines a dual-dialogue side and every element a forced page break, all unset by default', () => {
    const attrs = (name: string) => screenplaySchema.nodes[name]?.spec.attrs ?? {};
    expect(Object.keys(attrs('sceneHeading'))).toEqual(['sceneNumber', 'pageBreakBefore']);
    for (const name of ['character', 'parenthetical', 'dialogue']) {
      expect(Object.keys(attrs(name))).toEqual(['dualDialogue', 'pageBreakBefore']);
    }
    for (const name of ['action', 'transition', 'centered', 'shot', 'general']) {
      expect(Object.keys(attrs(name))).toEqual(['pageBreakBefore']);
    }
    expect(screenplaySchema.nodes['sceneHeading']?.create().attrs).toEqual({ sceneNumber: null, pageBreakBefore: null });
    expect(screenplaySchema.nodes['dialogue']?.create().attrs).toEqual({ dualDialogue: null, pageBreakBefore: null });
    expect(() => screenplaySchema.nodes['action']?.create({ pageBreakBefore: false })).toThrow(/pageBreakBefore/);
  });

  it('refuses attribute values screenwriting does not have', () => {
    expect(() => screenplaySchema.nodes['character']?.create({ dualDialogue: 'middle' })).toThrow(/dualDialogue/);
    expect(() => screenplaySchema.nodes['sceneHeading']?.create({ sceneNumber: 3 })).toThrow(/sceneNumber/);
  });

  it('fills an empty document with an action, the same block the converters use for the empty script', () => {
    expect(screenplaySchema.topNodeType.contentMatch.defaultType?.name).toBe('action');
    expect(screenplaySchema.topNodeType.createAndFill()?.toJSON()).toEqual({ type: 'doc', content: [{ type: 'action', attrs: { pageBreakBefore: null } }] });
  });

  it('renders elements as paragraphs tagged with data-element, which the web editor styles by', () => {
    const heading = screenplaySchema.nodes['sceneHeading']!.create({ sceneNumber: '12A' });
    expect(heading.type.spec.toDOM?.(heading)).toEqual([
      'p',
      { 'data-element': 'sceneHeading', 'data-scene-number': '12A' },
      0,
    ]);
    const line = screenplaySchema.nodes['dialogue']!.create({ dualDialogue: 'right' });
    expect(line.type.spec.toDOM?.(line)).toEqual(['p', { 'data-element': 'dialogue', 'data-dual-dialogue': 'right' }, 0]);
    const action = screenplaySchema.nodes['action']!.create();
    expect(action.type.spec.toDOM?.(action)).toEqual(['p', { 'data-element': 'action' }, 0]);
    for (const name of ELEMENT_TYPES) {
      expect(screenplaySchema.nodes[name]?.spec.parseDOM?.map((rule) => rule.tag)).toEqual([
        `p[data-element="${name}"]`,
      ]);
    }
  });

  it('defines no keyboard shortcuts or input rules on the elements: editor behaviour belongs to the web package', () => {
    for (const node of elementNodes) {
      expect(node.config.addKeyboardShortcuts, node.name).toBeUndefined();
      expect(node.config.addInputRules, node.name).toBeUndefined();
      expect(node.config.addPasteRules, node.name).toBeUndefined();
      expect(node.config.addCommands, node.name).toBeUndefined();
    }
    expect(screenplayExtensions.map((extension) => extension.name)).toEqual([
      'doc',
      'text',
      ...elementNodes.map((node) => node.name),
      'bold',
      'italic',
      'underline',
    ]);
  });
});
