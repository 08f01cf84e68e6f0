import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { CommentAnchor } from '../../api/comments.js';

/** The sync plugin's state, as far as anchors need it (the binding's mapping is filled on the editor's first render). */
interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] };
}

/** Null in an editor without collaboration. */
export function syncStateOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as Partial<SyncState> | undefined;
  return sync?.binding && sync.doc && sync.type ? (sync as SyncState) : null;
}

/** A document range, `from` < `to`. */
export interface AnchoredRange {
  from: number;
  to: number;
}

/**
 * The selection as a comment anchor: Yjs relative positions of its ends, so
 * the comment stays on the same words whatever anyone types around them, and
 * the text it quotes. Null for an empty selection.
 */
export function anchorSelection(state: EditorState): { anchor: CommentAnchor; quote: string } | null {
  const sync = syncStateOf(state);
  const { from, to } = state.selection;
  if (!sync || from === to) return null;
  const encode = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping) as Y.RelativePosition));
  return { anchor: { start: encode(from), end: encode(to) }, quote: state.doc.textBetween(from, to, '\n') };
}

/**
 * Where an anchor's text is in this state's document, or null when that text
 * is gone (or the anchor cannot be read). Only valid while the Yjs document
 * and the editor's agree: at rest, or in a transaction the sync plugin made
 * from a Yjs change (a local edit reaches Yjs only after its transaction).
 * `doc` is the document to check the range against, when `state` only lends
 * the binding (a plugin's state being computed).
 */
export function resolveAnchor(state: EditorState, anchor: CommentAnchor, doc: ProsemirrorNode = state.doc): AnchoredRange | null {
  const sync = syncStateOf(state);
  if (!sync) return null;
  try {
    const resolve = (encoded: string) =>
      relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(fromBase64(encoded)), sync.binding.mapping);
    const from = resolve(anchor.start);
    const to = resolve(anchor.end);
    if (from === null || to === null || from >= to || to > doc.content.size) return null;
    return { from, to };
  } catch {
    // A malformed anchor highlights nothing rather than breaking the page.
    return null;
  }
}
