import type { ComparedElement } from '../../api/history.js';

type AttributeChange = NonNullable<ComparedElement['attributes']>[number];

/** How a writer reads the change of one element attribute, e.g. "scene number 12 → 12A". */
function attributeNote({ name, before, after }: AttributeChange): string {
  switch (name) {
    case 'sceneNumber':
      return before === null ? `scene number ${String(after)} added` : after === null ? `scene number ${String(before)} removed` : `scene number ${String(before)} → ${String(after)}`;
    case 'dualDialogue':
      return before === null ? `now dual dialogue (${String(after)})` : after === null ? 'no longer dual dialogue' : `dual dialogue ${String(before)} → ${String(after)}`;
    case 'pageBreakBefore':
      return after === null ? 'page break before it removed' : 'page break before it added';
    case 'depth':
      return before === null || after === null ? 'section level changed' : `section level ${String(before)} → ${String(after)}`;
  }
}

/** What changed in an element besides its words: its attributes, then its formatting; none for most elements. */
export function changeNotes(element: ComparedElement): string[] {
  return [...(element.attributes ?? []).map(attributeNote), ...(element.formatting ? ['bold, italic or underline changed'] : [])];
}
