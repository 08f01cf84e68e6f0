import * as Y from 'yjs';
import { rebuildDocument } from '../../packages/server/src/maintenance/rebuild-document.js';
import type { ScriptId, Storage, UserId } from '../../packages/server/src/storage/storage.js';
import { LOAD_ORIGIN } from '../../packages/server/src/sync/origins.js';
import { summarize } from './stats.js';

/**
 * Where a cold first sync spends its time, measured step by step in this
 * process with the same calls the server makes (sync-server.ts admission,
 * rebuildDocument, connection.ts SyncStep2), but outside the server so
 * each step can be timed alone. The steps' sum is comparable to the
 * server-measured cold mean; the remainder is the upgrade, the client's
 * SyncStep1 round trip, scheduling, and garbage collection: the server keeps
 * the loaded document (~3 MB of heap for the fixture), so scavenges must copy
 * it out of the young generation, while the documents here die young.
 */
export interface ColdLoadBreakdown {
  /** Median milliseconds of `getScript` then `getRole` (the admission queries; the dev identity is cached). */
  admitMs: number;
  /** Median milliseconds of `loadVersions` (one ordered query, rows decoded into Uint8Arrays). */
  queryMs: number;
  /** Median milliseconds of `rebuildDocument`: every row applied to a fresh Y.Doc inside one transaction, strictly as V1. */
  applyMs: number;
  /** Median milliseconds of `Y.encodeStateAsUpdate` against an empty state vector (the SyncStep2 payload). */
  encodeMs: number;
  /** Scripts measured. */
  count: number;
}

/** Times each step of a cold load of each script once; returns the medians. */
export async function measureColdLoadBreakdown(
  storage: Storage,
  userId: UserId,
  scriptIds: readonly ScriptId[],
): Promise<ColdLoadBreakdown> {
  const admit: number[] = [];
  const query: number[] = [];
  const apply: number[] = [];
  const encode: number[] = [];
  const emptyStateVector = new Uint8Array([0]);
  for (const scriptId of scriptIds) {
    let started = performance.now();
    await storage.getScript(scriptId);
    await storage.getRole(scriptId, userId);
    admit.push(performance.now() - started);

    started = performance.now();
    const rows = await storage.loadVersions(scriptId);
    query.push(performance.now() - started);

    started = performance.now();
    const { doc } = rebuildDocument(rows, LOAD_ORIGIN);
    apply.push(performance.now() - started);

    started = performance.now();
    Y.encodeStateAsUpdate(doc, emptyStateVector);
    encode.push(performance.now() - started);
    doc.destroy();
  }
  return {
    admitMs: summarize(admit).median,
    queryMs: summarize(query).median,
    applyMs: summarize(apply).median,
    encodeMs: summarize(encode).median,
    count: scriptIds.length,
  };
}
