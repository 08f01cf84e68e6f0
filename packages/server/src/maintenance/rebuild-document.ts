import { applyUpdateStrictly } from '@writersroom/screenplay';
import * as Y from 'yjs';
import type { StoredVersion } from '../storage/storage.js';
import type { TransactionOrigin } from '../sync/origins.js';

export interface RebuiltDocument {
  /** The document built from every row that decodes, in the given order. The caller destroys it. */
  doc: Y.Doc;
  /** Rows that are not one whole Yjs V1 update, with why; the document was rebuilt without them. */
  undecodable: Array<{ row: StoredVersion; error: string }>;
  /**
   * Structs or deletions wait for rows that are not there (missing
   * predecessors): the document is partial, never to be served or compacted.
   */
  pending: boolean;
  /** The lowest missing clock per client id, for reports. */
  missing: Array<{ client: number; clock: number }>;
}

/**
 * Rebuilds a document from its log: every row applied inside one transaction
 * (one observer pass; 10,000 rows in tens of milliseconds), in the order
 * given (`loadVersions` order). A row that does not decode may throw half-way
 * through being applied, leaving part of itself in the document, so when any
 * row fails the document is built again from the others. Opening a script,
 * `writersroom diagnose` and compaction all read a log through here, so they
 * agree on what is damaged.
 */
export function rebuildDocument(rows: readonly StoredVersion[], origin: TransactionOrigin): RebuiltDocument {
  const undecodable: RebuiltDocument['undecodable'] = [];
  let doc = applyRows(rows, origin, undecodable);
  if (undecodable.length > 0) {
    doc.destroy();
    const bad = new Set(undecodable.map((entry) => entry.row));
    doc = applyRows(
      rows.filter((row) => !bad.has(row)),
      origin,
      undecodable,
    );
  }
  const { pendingStructs, pendingDs } = doc.store;
  const missing = pendingStructs ? Array.from(pendingStructs.missing.entries(), ([client, clock]) => ({ client, clock })) : [];
  return { doc, undecodable, pending: pendingStructs !== null || pendingDs !== null, missing };
}

function applyRows(rows: readonly StoredVersion[], origin: TransactionOrigin, undecodable: RebuiltDocument['undecodable']): Y.Doc {
  // A fixed guid: Yjs would draw a random UUID with 31 calls to crypto.getRandomValues (0.2 ms, a fifth of a second
  // for 1,000 scripts opened at once). A script's document is never a subdocument, so nothing reads its guid.
  const doc = new Y.Doc({ guid: 'writersroom-script' });
  doc.transact(() => {
    for (const row of rows) {
      try {
        applyUpdateStrictly(doc, row.update, origin);
      } catch (error) {
        undecodable.push({ row, error: error instanceof Error ? error.message || error.name : String(error) });
      }
    }
  }, origin);
  return doc;
}
