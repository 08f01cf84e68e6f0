import { Extension } from '@tiptap/core';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { WebsocketProvider } from 'y-websocket';
import type { Writer } from '../collab/script-connection.js';

/**
 * The other writers' carets and selections, each in the writer's colour with
 * their name on a flag (awareness field `user`, set by openScript). Built on
 * y-tiptap's cursor plugin, the one the Collaboration extension's binding
 * expects.
 */
export const CollaborationCarets = Extension.create<{ awareness: WebsocketProvider['awareness'] | null }>({
  name: 'collaborationCarets',
  addOptions() {
    return { awareness: null };
  },
  addProseMirrorPlugins() {
    const { awareness } = this.options;
    if (!awareness) throw new Error('CollaborationCarets needs the connection awareness');
    return [yCursorPlugin(awareness, { cursorBuilder: buildCaret })];
  },
});

/** The name is drawn by CSS from `data-writer`, so it is never part of the text (copying, textContent). */
function buildCaret(user: Writer): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collaboration-caret';
  caret.style.setProperty('--caret-color', user.color);
  caret.setAttribute('data-writer', user.name);
  caret.setAttribute('aria-hidden', 'true');
  return caret;
}
