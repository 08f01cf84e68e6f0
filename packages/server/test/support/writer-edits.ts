import * as Y from 'yjs';
import { line } from './providers.js';

/** A writer's copy of `doc` once synced: the same content under its own client id, edited locally. */
export function writerCopy(doc: Y.Doc, clientId: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientId;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The update one local change of `doc` emits, as the writer's editor would send it. */
export function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  try {
    doc.transact(change);
  } finally {
    doc.off('update', record);
  }
  if (updates.length !== 1) throw new Error(`the change emitted ${updates.length} updates, not one`);
  return updates[0]!;
}

/** Types `text` into the first line of the screenplay at `at`; returns the update. */
export function typeInto(doc: Y.Doc, text: string, at = 0): Uint8Array {
  return updateOf(doc, () => line(doc).insert(at, text));
}
