import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from './element-types.js';

/**
 * Where a comment's anchor is now: two Yjs relative positions (its start
 * and end, as `Y.encodeRelativePosition` wrote them) resolved against the
 * live document. Relative positions follow the text they were made in, so
 * an anchor survives edits before, after and inside it. When the anchored
 * text is deleted, the positions collapse onto each other (or into a deleted
 * element): the comment is then `detached`, kept, and shown as such.
 */
export interface ResolvedAnchor {
  detached: boolean;
  /** Element index and offset of the start, for listing comments in reading order. */
  order: readonly [element: number, offset: number];
  /** Element index and offset of the end, where an export says the anchored text stops. */
  end: readonly [element: number, offset: number];
}

/** Top-level elements by type, built once per document read and reused for every anchor of that read. */
export class AnchorResolver {
  private readonly fragment: Y.XmlFragment;
  private readonly elementIndex = new Map<Y.AbstractType<unknown>, number>();

  constructor(private readonly doc: Y.Doc) {
    this.fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    this.fragment.toArray().forEach((element, index) => this.elementIndex.set(element as Y.AbstractType<unknown>, index));
  }

  /**
   * Undefined when either position does not decode or does not point into
   * this document's screenplay (another document's anchor, or bytes that
   * are not a relative position).
   */
  resolve(start: Uint8Array, end: Uint8Array): ResolvedAnchor | undefined {
    const from = this.locate(start);
    const to = this.locate(end);
    if (!from || !to) return undefined;
    const collapsed = from.element > to.element || (from.element === to.element && from.offset >= to.offset);
    return { detached: from.deleted || to.deleted || collapsed, order: [from.element, from.offset], end: [to.element, to.offset] };
  }

  private locate(bytes: Uint8Array): { element: number; offset: number; deleted: boolean } | undefined {
    let relative: Y.RelativePosition;
    let absolute: Y.AbsolutePosition | null;
    try {
      relative = Y.decodeRelativePosition(bytes);
      absolute = Y.createAbsolutePositionFromRelativePosition(relative, this.doc);
    } catch {
      return undefined;
    }
    // Null for text this document never had (a foreign anchor), and for text deleted and garbage-collected since.
    if (!absolute) return this.knew(relative) ? GONE : undefined;
    if (absolute.type === this.fragment) return { element: absolute.index, offset: 0, deleted: false };
    let type: Y.AbstractType<unknown> = absolute.type;
    let deleted = false;
    // Up to the fragment's child: the element this position is in (text sits in an element, maybe nested once more).
    for (;;) {
      const item = type._item;
      if (item === null) return undefined;
      deleted ||= item.deleted;
      const parent = item.parent;
      if (parent === this.fragment) break;
      if (!(parent instanceof Y.AbstractType)) return undefined;
      type = parent;
    }
    const element = this.elementIndex.get(type);
    if (element === undefined) return deleted ? GONE : undefined;
    return { element, offset: absolute.index, deleted };
  }

  /** Whether the position names an item this document has had (its client's clock passed it). */
  private knew(relative: Y.RelativePosition): boolean {
    const id = relative.item ?? relative.type;
    return id !== null && Y.getState(this.doc.store, id.client) > id.clock;
  }
}

/** A position in text that no longer exists: detached, listed after every attached one. */
const GONE = { element: Number.MAX_SAFE_INTEGER, offset: 0, deleted: true } as const;
