import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** Set once the stored copy has held the server's state: from then on it is the script, not a blank page. */
const HELD_SERVER_STATE = 'heldServerState';

/**
 * The browser's copy of one script in IndexedDB (y-indexeddb): every change to
 * the document is kept there as it happens, so edits made offline survive a
 * closed tab and are sent when the connection comes back.
 */
export interface OfflineStore {
  /** Resolves once the stored copy is merged into the document; true when it had held the server's state. */
  readonly loaded: Promise<boolean>;
  /** Records that the document now holds the server's state. */
  markServerState(): void;
  /** Deletes the stored copy (changes the server refused must not come back on the next open). */
  discard(): Promise<void>;
  destroy(): void;
}

/**
 * Opens the copy of document generation `generation` (database
 * `<prefix><generation>`) and deletes copies of other generations: those
 * documents were replaced, and merging one back would revive what the
 * replacement removed.
 */
export function keepOffline(prefix: string, generation: number, doc: Y.Doc): OfflineStore {
  const name = `${prefix}${generation}`;
  void deleteOtherGenerations(prefix, name);
  const persistence = new IndexeddbPersistence(name, doc);
  let marked = false;
  return {
    loaded: persistence.whenSynced.then(async () => (await persistence.get(HELD_SERVER_STATE)) === 1),
    markServerState() {
      if (marked) return;
      marked = true;
      void persistence.set(HELD_SERVER_STATE, 1);
    },
    async discard() {
      await persistence.destroy();
      await clearDocument(name);
    },
    destroy() {
      void persistence.destroy();
    },
  };
}

async function deleteOtherGenerations(prefix: string, keep: string): Promise<void> {
  const databases = await indexedDB.databases();
  for (const { name } of databases) {
    if (name?.startsWith(prefix) && name !== keep && /^\d+$/.test(name.slice(prefix.length))) await clearDocument(name);
  }
}
