import { useEffect, useState } from 'react';

/** Set on <html> while focus mode is on; styles.css hides everything around the page under it. */
const FOCUS_MODE = 'focusMode';

/**
 * Whether an Escape belongs to something open over the page: a dialog, the
 * find panel (it closes), the name suggestions (they go). Asked before any
 * of them handles the key; the page's own text cannot tell, as ProseMirror
 * marks every Escape handled.
 */
function escapeIsTaken(target: EventTarget | null): boolean {
  if (document.querySelector('dialog[open]')) return true;
  if (target instanceof Element && target.closest('.find-panel')) return true;
  return document.querySelector('.type-ahead')?.checkVisibility() === true;
}

/**
 * Focus mode: only the page, on a quiet desk. The switch sits in a corner of
 * the window, so it is still there (and still a way out) when everything
 * else is hidden; Ctrl/Cmd-Shift-F toggles it and Escape leaves it, unless
 * the Escape is for something open over the page. Leaving the script page
 * leaves focus mode.
 */
export function FocusMode() {
  const [on, setOn] = useState(false);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.code === 'KeyF') {
        event.preventDefault();
        setOn((was) => !was);
      } else if (event.key === 'Escape' && !escapeIsTaken(event.target)) {
        setOn(false);
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);

  useEffect(() => {
    const root = document.documentElement;
    if (on) root.dataset[FOCUS_MODE] = '';
    return () => {
      delete root.dataset[FOCUS_MODE];
    };
  }, [on]);

  return (
    <button
      type="button"
      className="quiet focus-mode-switch"
      aria-pressed={on}
      title={on ? 'Leave focus mode (Escape or Ctrl/Cmd-Shift-F)' : 'Focus mode: only the page (Ctrl/Cmd-Shift-F)'}
      onClick={() => setOn((was) => !was)}
    >
      {on ? 'Leave focus mode' : 'Focus mode'}
    </button>
  );
}
