import { useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type { Writer } from '../collab/script-connection.js';

type Awareness = WebsocketProvider['awareness'];

interface Present extends Writer {
  clientId: number;
  you: boolean;
}

/** Who is in the script right now: a coloured name per open editor, this one first. */
export function PresenceList({ awareness }: { awareness: Awareness }) {
  const present = useSyncExternalStore(
    (changed) => subscribeToPresence(awareness, changed),
    () => presenceSnapshot(awareness),
  );
  return (
    <ul className="presence" aria-label="In this script">
      {present.map((writer) => (
        <li key={writer.clientId} style={{ borderColor: writer.color }}>
          <span className="presence-dot" style={{ backgroundColor: writer.color }} aria-hidden="true" />
          {writer.you ? `${writer.name} (you)` : writer.name}
        </li>
      ))}
    </ul>
  );
}

const snapshots = new WeakMap<Awareness, { key: string; present: Present[] }>();

function subscribeToPresence(awareness: Awareness, changed: () => void): () => void {
  awareness.on('change', changed);
  return () => awareness.off('change', changed);
}

/** The same array while nobody came, left or renamed: useSyncExternalStore compares snapshots by identity. */
function presenceSnapshot(awareness: Awareness): Present[] {
  const present: Present[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: Partial<Writer> }).user;
    if (typeof user?.name !== 'string' || typeof user.color !== 'string') continue;
    present.push({ clientId, name: user.name, color: user.color, you: clientId === awareness.clientID });
  }
  present.sort((a, b) => Number(b.you) - Number(a.you) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
  const key = present.map((p) => `${p.clientId}:${p.name}:${p.color}`).join('|');
  const previous = snapshots.get(awareness);
  if (previous?.key === key) return previous.present;
  snapshots.set(awareness, { key, present });
  return present;
}
