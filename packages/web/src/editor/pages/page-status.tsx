import type { Editor } from '@tiptap/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { pageLayoutKey } from './page-layout.js';
import { jumpTo } from './use-page-layout.js';
import { usePageStatus } from './use-page-status.js';

/** Ctrl/Cmd-Alt-G: "go to page", as editors bind "go to line". */
function isGoToPageKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyG';
}

/** "Page 3 of 118" for the caret, and "Go to page" (a click, or Ctrl/Cmd-Alt-G). */
export function PageStatus({ editor }: { editor: Editor | null }) {
  const status = usePageStatus(editor);
  const [asking, setAsking] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isGoToPageKey(event)) return;
      event.preventDefault();
      setAsking(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (asking) input.current?.focus();
  }, [asking]);

  if (!status || !editor) return null;
  const go = (event: FormEvent) => {
    event.preventDefault();
    const layout = pageLayoutKey.getState(editor.state);
    const wanted = Number(input.current?.value);
    if (!layout || !Number.isInteger(wanted) || wanted < 1 || wanted > layout.pageStarts.length) return;
    setAsking(false);
    // A page that begins between elements begins at the start of its first element's text.
    const start = layout.pageStarts[wanted - 1]!;
    jumpTo(editor, layout.blockStarts.includes(start) ? start + 1 : start);
  };

  return asking ? (
    <form className="go-to-page" onSubmit={go} onKeyDown={(event) => event.key === 'Escape' && setAsking(false)}>
      <label className="inline">
        Go to page
        <input ref={input} type="number" min={1} max={status.pages} defaultValue={status.page} required />
      </label>
      <span className="muted">of {status.pages}</span>
      <button type="submit" className="quiet">
        Go
      </button>
    </form>
  ) : (
    <button type="button" className="quiet page-status" title="Go to page (Ctrl+Alt+G)" onClick={() => setAsking(true)}>
      Page {status.page} of {status.pages}
    </button>
  );
}
