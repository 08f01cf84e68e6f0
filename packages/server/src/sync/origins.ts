import type { UserId } from '../storage/storage.js';

/**
 * The Yjs transaction origin of every change the server makes to a document,
 * so that what is already stored is never stored again and what came from
 * another process is never published again (STYLE habit 4). Every
 * `transact`/`applyUpdate` of the server names one of these; the decisions
 * below switch on it exhaustively, so a new kind cannot be added without
 * deciding what it means for each.
 */
export type TransactionOrigin =
  /** An edit a writer's connection sent to this process. */
  | { readonly kind: 'client'; readonly connectionId: number; readonly userId: UserId }
  /** A content write through REST (legacy autosave, import): an edit like any other. */
  | { readonly kind: 'rest'; readonly userId: UserId }
  /**
   * Yjs's own cleanup of redundant formatting, which it runs after
   * integrating a remote change with marks, in a transaction of its own and
   * without an origin (`cleanupYTextAfterTransaction`). It deletes items, so
   * it is part of the document like any edit: left unstored, a writer's own
   * identical cleanup would be acknowledged as Saved and be in no row.
   */
  | { readonly kind: 'cleanup' }
  /** Stored rows applied to rebuild a document (opening a script). */
  | { readonly kind: 'load' }
  /** A script's first state, built from its `content_blocks` before it is stored. */
  | { readonly kind: 'seed' }
  /** Content written back into a damaged document before it is stored. */
  | { readonly kind: 'repair' }
  /** Rows merged into one by compaction, on a private document. */
  | { readonly kind: 'compaction' }
  /** An operator's read-only look at a log (`writersroom diagnose`). */
  | { readonly kind: 'inspect' }
  /** An edit another process applied and stored, relayed to this one. */
  | { readonly kind: 'fan-out' };

export type OriginKind = TransactionOrigin['kind'];

/** A change made at this process: the only origins stored and published from here (`isLocalEdit`). */
export type LocalEditOrigin = Extract<TransactionOrigin, { kind: 'client' | 'rest' | 'cleanup' }>;

/** The origins that carry nothing but their kind, shared rather than allocated per transaction. */
export const LOAD_ORIGIN = Object.freeze({ kind: 'load' }) satisfies TransactionOrigin;
export const SEED_ORIGIN = Object.freeze({ kind: 'seed' }) satisfies TransactionOrigin;
export const REPAIR_ORIGIN = Object.freeze({ kind: 'repair' }) satisfies TransactionOrigin;
export const COMPACTION_ORIGIN = Object.freeze({ kind: 'compaction' }) satisfies TransactionOrigin;
export const INSPECT_ORIGIN = Object.freeze({ kind: 'inspect' }) satisfies TransactionOrigin;
export const FAN_OUT_ORIGIN = Object.freeze({ kind: 'fan-out' }) satisfies TransactionOrigin;
export const CLEANUP_ORIGIN = Object.freeze({ kind: 'cleanup' }) satisfies TransactionOrigin;

const KINDS: ReadonlySet<string> = new Set<OriginKind>(['client', 'rest', 'cleanup', 'load', 'seed', 'repair', 'compaction', 'inspect', 'fan-out']);

/**
 * The origin of a transaction as Yjs hands it back: one of ours, or Yjs's
 * own formatting cleanup, the only transaction the server does not start
 * (Yjs gives it a null origin); undefined for anything else, which is a bug.
 */
export function originOf(value: unknown): TransactionOrigin | undefined {
  if (value === null) return CLEANUP_ORIGIN;
  return typeof value === 'object' && KINDS.has((value as { kind?: unknown }).kind as string) ? (value as TransactionOrigin) : undefined;
}

/** Who a stored row of a change is attributed to (`created_by`): the writer, or nobody for the server's own. */
export function authorOf(origin: LocalEditOrigin): UserId | null {
  return origin.kind === 'cleanup' ? null : origin.userId;
}

/**
 * Whether a change with this origin was made at this process (an edit that
 * arrived here, or Yjs's cleanup after one), and so is appended to this
 * process's log and published to the other processes that have the script
 * open. Nothing else is: loads, seeds and
 * repairs are stored before the document is served, compaction and
 * inspection work on private documents, and a fan-out change was stored by
 * the process it arrived at and is never published again (no echo between
 * processes).
 */
export function isLocalEdit(origin: TransactionOrigin): origin is LocalEditOrigin {
  switch (origin.kind) {
    case 'client':
    case 'rest':
    case 'cleanup':
      return true;
    case 'load':
    case 'seed':
    case 'repair':
    case 'compaction':
    case 'inspect':
    case 'fan-out':
      return false;
  }
}
