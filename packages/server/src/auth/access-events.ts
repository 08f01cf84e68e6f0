import { EventEmitter } from 'node:events';
import { NOTICE_TOPICS, type NoticeTopic } from '@writersroom/protocol';
import { z } from 'zod';
import type { ScriptId, UserId } from '../storage/storage.js';

export type AccessEvent =
  /** A user's role on a script changed or was removed: open sockets must re-check it. */
  | { kind: 'role-changed'; scriptId: ScriptId; userId: UserId }
  /** A session was signed out: its open sockets must close. */
  | { kind: 'session-revoked'; sessionId: string }
  /** A token was signed out: every verified-token cache forgets it (keyed by its hash, `tokenCacheKey`). */
  | { kind: 'token-forgotten'; tokenKey: string }
  /** A script was deleted: its sockets close. */
  | { kind: 'script-deleted'; scriptId: ScriptId }
  /** An operator replaced the script's document (clear, reseed, restore: a new generation): loaded copies are stale. */
  | { kind: 'document-replaced'; scriptId: ScriptId }
  /** The script's comments or history changed: pages that show them read them again (protocol Notice). */
  | { kind: 'notice'; scriptId: ScriptId; topic: NoticeTopic };

const ACCESS_EVENT = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role-changed'), scriptId: z.string().min(1), userId: z.string().min(1) }),
  z.object({ kind: z.literal('session-revoked'), sessionId: z.string().min(1) }),
  z.object({ kind: z.literal('token-forgotten'), tokenKey: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ kind: z.literal('script-deleted'), scriptId: z.string().min(1) }),
  z.object({ kind: z.literal('document-replaced'), scriptId: z.string().min(1) }),
  z.object({ kind: z.literal('notice'), scriptId: z.string().min(1), topic: z.enum(NOTICE_TOPICS) }),
]);

/** An event as another process sent it, or undefined when it is not one. */
export function parseAccessEvent(value: unknown): AccessEvent | undefined {
  const parsed = ACCESS_EVENT.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Tells the socket layer (and the verified-token cache) that access changed,
 * so a revocation takes effect on open sockets at once instead of at their
 * next reconnect; and that what pages show beside a document changed, so
 * they read it again. With several processes, the fan-out relays what is
 * published here to the others (`relayTo`) and hands theirs in (`receive`).
 */
export class AccessEvents {
  private readonly emitter = new EventEmitter();
  private relay: ((event: AccessEvent) => void) | undefined;

  publish(event: AccessEvent): void {
    this.emitter.emit('access', event);
    this.relay?.(event);
  }

  /** An event published on another process: applied here, not relayed again. */
  receive(event: AccessEvent): void {
    this.emitter.emit('access', event);
  }

  /** Sends every later `publish` to the other processes too; returns the undo. */
  relayTo(relay: (event: AccessEvent) => void): () => void {
    this.relay = relay;
    return () => {
      if (this.relay === relay) this.relay = undefined;
    };
  }

  subscribe(listener: (event: AccessEvent) => void): () => void {
    this.emitter.on('access', listener);
    return () => this.emitter.off('access', listener);
  }
}
