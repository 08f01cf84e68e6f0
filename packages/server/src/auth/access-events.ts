import { EventEmitter } from 'node:events';
import type { ScriptId, UserId } from '../storage/storage.js';

export type AccessEvent =
  /** A user's role on a script changed or was removed: open sockets must re-check it. */
  | { kind: 'role-changed'; scriptId: ScriptId; userId: UserId }
  /** A session was signed out: its open sockets must close. */
  | { kind: 'session-revoked'; sessionId: string };

/**
 * Tells the socket layer that access changed, so a revocation takes effect on
 * open sockets at once instead of at their next reconnect. In-process today;
 * with several server processes the same events travel through the fan-out.
 */
export class AccessEvents {
  private readonly emitter = new EventEmitter();

  publish(event: AccessEvent): void {
    this.emitter.emit('access', event);
  }

  subscribe(listener: (event: AccessEvent) => void): () => void {
    this.emitter.on('access', listener);
    return () => this.emitter.off('access', listener);
  }
}
