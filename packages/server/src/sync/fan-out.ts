import type { ScriptId } from '../storage/storage.js';
import type { ApplyResult } from './room.js';

/**
 * A loaded script as the fan-out sees it: what it applies there when other
 * processes change the script or its presence. The registry builds one per
 * room.
 */
export interface FanOutTarget {
  readonly scriptId: ScriptId;
  /**
   * An update another process applied and is committing: applied with the
   * fan-out origin, and Saved here waits for `stored` ([SY35]). 'incomplete':
   * this copy lacks what it builds on, and the fan-out asks for a catch-up.
   */
  applyRemoteUpdate(update: Uint8Array, stored: Promise<void>): ApplyResult;
  /** Stores updates whose process never said they were committed (it died, or Redis lost its word) ([SY35]). */
  storeOrphans(updates: Uint8Array[]): Promise<void>;
  /** Awareness states of writers connected to process `processId`. */
  applyRemoteAwareness(update: Uint8Array, processId: string): void;
  /** Process `processId` is gone (stopped, killed, or silent too long): its writers' presence goes with it. */
  removeRemotePresence(processId: string): void;
  /** The presence of this process's own writers, for a process that just opened the script; undefined when none. */
  localAwareness(): Uint8Array | undefined;
  /** Something may have been missed: read every stored row and apply what this copy lacks ([SY36]). */
  catchUp(reason: CatchUpReason): void;
}

/** Why a process reads a script's stored rows again (`writersroom_fanout_catch_ups_total{reason}`). */
export type CatchUpReason = 'reconnect' | 'gap' | 'tail' | 'peer-reconnect' | 'missing-predecessor';

/** What `/healthz` shows of the fan-out. */
export interface FanOutHealth {
  mode: 'redis';
  connected: boolean;
  /** This process's id on the fan-out, and the other processes heard from lately. */
  processId: string;
  peers: number;
  /** Scripts this process follows (subscribed). */
  scripts: number;
  catchUps: number;
  /** Updates from other processes applied here whose commit was not yet announced. */
  awaitingCommit: number;
}

/**
 * How edits and presence travel between server processes that share a
 * database (sync SPEC, "Several processes"). One process needs none of it:
 * `SINGLE_PROCESS` does nothing. With REDIS_URL, `RedisFanOut`.
 *
 * The registry calls `join` before it loads a script (so nothing stored
 * after the load's read can be missed: it arrives through the fan-out),
 * `attach` once the room exists, `publishUpdate` for each local change as
 * it is applied and `committed` once its row is, and `leave` when the
 * script unloads.
 */
export interface FanOut {
  join(scriptId: ScriptId): Promise<void>;
  attach(target: FanOutTarget): void;
  /**
   * Stops following the script. `unloaded`: updates from other processes
   * still awaiting their commit are stored here first ([SY35]); `replaced`:
   * they belong to a replaced document and are dropped ([SY39]).
   */
  leave(scriptId: ScriptId, why: 'unloaded' | 'replaced'): void;
  /** Returns the update's number, for `committed`. */
  publishUpdate(scriptId: ScriptId, update: Uint8Array): number;
  /** The script's updates published here up to `seq` are committed. */
  committed(scriptId: ScriptId, seq: number): void;
  publishAwareness(scriptId: ScriptId, update: Uint8Array): void;
  health(): FanOutHealth | undefined;
  close(): Promise<void>;
}

export const SINGLE_PROCESS: FanOut = Object.freeze({
  join: () => Promise.resolve(),
  attach: () => undefined,
  leave: () => undefined,
  publishUpdate: () => 0,
  committed: () => undefined,
  publishAwareness: () => undefined,
  health: () => undefined,
  close: () => Promise.resolve(),
});
