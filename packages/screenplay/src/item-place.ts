import * as Y from 'yjs';

/**
 * Where a Yjs item of an incoming update lands, as far as the update (and, if
 * given, the doc it is for) tells. `unknown` is a real answer: an item placed
 * next to an item the update does not contain carries no parent of its own.
 */
export type ItemParent =
  | { kind: 'root'; name: string }
  | { kind: 'element'; nodeName: string }
  | { kind: 'text' }
  | { kind: 'other'; description: string }
  | { kind: 'unknown' };

/** The parent of an item and, for a map entry (an attribute), its key. */
export interface ItemPlace {
  parent: ItemParent;
  key: string | null;
}

const UNKNOWN: ItemPlace = { parent: { kind: 'unknown' }, key: null };

/**
 * Resolves the places of the items of one decoded update. Yjs writes an item's
 * parent (and map key) only when it has neither left nor right origin; other
 * items are in the same parent as their origin. So a parent is found by
 * following origins through the update, then into `doc` (whose items are
 * already integrated and know their parent). Memoised and iterative: a long
 * origin chain neither repeats work nor deepens the stack.
 */
export class ItemPlaces {
  private readonly byClient = new Map<number, Y.Item[]>();
  private readonly places = new Map<Y.Item, ItemPlace>();

  constructor(
    items: readonly Y.Item[],
    private readonly doc: Y.Doc | undefined,
  ) {
    for (const item of items) {
      const list = this.byClient.get(item.id.client);
      if (list === undefined) this.byClient.set(item.id.client, [item]);
      else list.push(item);
    }
  }

  /** The place of `item`, which must be one of the update's items. */
  placeOf(item: Y.Item): ItemPlace {
    const chain = new Set<Y.Item>();
    let current: Y.Item = item;
    let place: ItemPlace | undefined;
    for (;;) {
      place = this.places.get(current) ?? this.directPlace(current);
      if (place !== undefined) break;
      chain.add(current);
      const originId: Y.ID | null = current.origin ?? current.rightOrigin;
      const inUpdate = originId === null ? undefined : this.findInUpdate(originId);
      if (inUpdate === undefined) {
        place = originId === null ? UNKNOWN : this.placeInDoc(originId);
        break;
      }
      // A crafted update can make origins loop; such items have no place.
      if (chain.has(inUpdate)) {
        place = UNKNOWN;
        break;
      }
      current = inUpdate;
    }
    for (const link of chain) this.places.set(link, place);
    return place;
  }

  /** Place of an item that names its parent itself; undefined if it only has origins. */
  private directPlace(item: Y.Item): ItemPlace | undefined {
    const parent: unknown = item.parent;
    if (typeof parent === 'string') return { parent: { kind: 'root', name: parent }, key: item.parentSub };
    if (!(parent instanceof Y.ID)) return undefined;
    const container = this.findInUpdate(parent) ?? this.findInDoc(parent);
    const type = container instanceof Y.Item && container.content instanceof Y.ContentType ? container.content.type : undefined;
    return { parent: type === undefined ? { kind: 'unknown' } : describeParentType(type), key: item.parentSub };
  }

  private placeInDoc(id: Y.ID): ItemPlace {
    const item = this.findInDoc(id);
    if (!(item instanceof Y.Item) || !(item.parent instanceof Y.AbstractType)) return UNKNOWN;
    const parent = item.parent;
    if (parent._item === null) return { parent: { kind: 'root', name: this.rootName(parent) }, key: item.parentSub };
    return { parent: describeParentType(parent), key: item.parentSub };
  }

  private rootName(type: unknown): string {
    for (const [name, root] of this.doc?.share ?? []) if (root === type) return name;
    return '(unnamed root)';
  }

  private findInUpdate(id: Y.ID): Y.Item | undefined {
    const items = this.byClient.get(id.client);
    return items === undefined ? undefined : findContaining(items, id.clock);
  }

  private findInDoc(id: Y.ID): Y.Item | Y.GC | undefined {
    if (this.doc === undefined) return undefined;
    const structs = this.doc.store.clients.get(id.client);
    if (structs === undefined || Y.getState(this.doc.store, id.client) <= id.clock) return undefined;
    return structs[Y.findIndexSS(structs, id.clock)];
  }
}

/** Binary search over structs sorted by clock; the one whose range holds `clock`. */
function findContaining<T extends { id: Y.ID; length: number }>(structs: readonly T[], clock: number): T | undefined {
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = structs[middle] as T;
    if (clock < struct.id.clock) high = middle - 1;
    else if (clock >= struct.id.clock + struct.length) low = middle + 1;
    else return struct;
  }
  return undefined;
}

/** How a shared type is named in messages and which kind of parent it is. */
export function describeParentType(type: unknown): ItemParent {
  if (type instanceof Y.XmlElement) return { kind: 'element', nodeName: type.nodeName };
  if (type instanceof Y.XmlText) return { kind: 'text' };
  return { kind: 'other', description: describeType(type) };
}

/** `Y.Map`, `Y.XmlElement 'madeUp'`, ... for messages. */
export function describeType(type: unknown): string {
  if (type instanceof Y.XmlElement) return `Y.XmlElement '${type.nodeName}'`;
  if (type instanceof Y.XmlFragment) return 'Y.XmlFragment';
  if (type instanceof Y.XmlText) return 'Y.XmlText';
  if (type instanceof Y.XmlHook) return `Y.XmlHook '${type.hookName}'`;
  if (type instanceof Y.Text) return 'Y.Text';
  if (type instanceof Y.Array) return 'Y.Array';
  if (type instanceof Y.Map) return 'Y.Map';
  return 'an untyped shared type';
}
