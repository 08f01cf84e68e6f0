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
 * `<prefix><generation>`) and deletes copies of older generations: those
 * documents were replaced, and merging one back would revive what the
 * replacement removed.
 */
export function keepOffline(prefix: string, generation: number, doc: Y.Doc): OfflineStore {
  const name = `${prefix}${generation}`;
  void deleteOlderGenerations(prefix, generation);
  let heldServerState = false;
  let closed = false;

  /**
   * Another tab deleting this database (it was told to drop its copy) closes
   * ours too; y-indexeddb would then throw on every change. This tab's
   * document is still good: store it afresh in a new database.
   */
  const open = (): IndexeddbPersistence => {
    const opened = new IndexeddbPersistence(name, doc);
    void opened.whenSynced.then(() => {
      const db = opened.db;
      if (!db) return;
      const close = db.onversionchange;
      db.onversionchange = (event) => {
        close?.call(db, event);
        void opened.destroy();
        if (closed) return;
        persistence = open();
        if (heldServerState) void persistence.set(HELD_SERVER_STATE, 1);
      };
    });
    return opened;
  };
  let persistence = open();

  return {
    loaded: persistence.whenSynced.then(async (first) => (await first.get(HELD_SERVER_STATE)) === 1),
    markServerState() {
      if (heldServerState) return;
      heldServerState = true;
      void persistence.set(HELD_SERVER_STATE, 1);
    },
    async discard() {
      closed = true;
      await persistence.destroy();
      await clearDocument(name);
    },
    destroy() {
      closed = true;
      void persistence.destroy();
    },
  };
}

/** Deletes this script's copies of generations before `generation` (never newer ones: this page's REST read may be the stale one). */
async function deleteOlderGenerations(prefix: string, generation: number): Promise<void> {
  // indexedDB.databases() is missing in older Firefox: then old copies stay until the next open that can list them.
  if (typeof indexedDB.databases !== 'function') return;
  for (const { name } of await indexedDB.databases()) {
    const suffix = name?.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (/^\d+$/.test(suffix) && Number(suffix) < generation) await clearDocument(name!);
  }
}
