import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import type { ElementType } from '@writersroom/screenplay';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import { ELEMENT_MENU } from '../element-menu.js';
import { findStateOf, goToMatch, setFindQuery } from './find-highlights.js';
import { replaceAllMatches, replaceCurrentMatch } from './replace-matches.js';
import './find.css';

interface FindAndReplaceProps {
  editor: Editor | null;
  /** Whether this writer may change the script: viewers and commenters can find, not replace. */
  canReplace: boolean;
}

/**
 * Ctrl/Cmd-F opens the find panel over the script page, Ctrl/Cmd-Alt-F with
 * the replace field. The browser's own find would only see the page's text
 * as laid out (no element types, no replace), so the page takes Ctrl/Cmd-F
 * while it is open; pressed again in the find field, it is left to the
 * browser, for those who want its find after all.
 */
export function FindAndReplace({ editor, canReplace }: FindAndReplaceProps) {
  const [open, setOpen] = useState<'find' | 'replace' | null>(null);
  // Each summons focuses the find field again, including when the panel is already open.
  const [summons, setSummons] = useState(0);
  const findField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.code !== 'KeyF') return;
      if (!event.altKey && document.activeElement === findField.current) return;
      event.preventDefault();
      setOpen((was) => (event.altKey && canReplace ? 'replace' : (was ?? 'find')));
      setSummons((count) => count + 1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canReplace]);

  useEffect(() => {
    findField.current?.focus();
    findField.current?.select();
  }, [summons]);

  if (!open || !editor) return null;
  const close = () => {
    setOpen(null);
    // Back to the page, on the match the panel was on (goToMatch selected it).
    editor.commands.focus();
  };
  return <FindPanel editor={editor} replacing={open === 'replace'} canReplace={canReplace} findField={findField} onReplace={() => setOpen('replace')} onClose={close} />;
}

interface FindPanelProps {
  editor: Editor;
  replacing: boolean;
  canReplace: boolean;
  findField: RefObject<HTMLInputElement | null>;
  onReplace(): void;
  onClose(): void;
}

function FindPanel({ editor, replacing, canReplace, findField, onReplace, onClose }: FindPanelProps) {
  const [text, setText] = useState('');
  const [replacement, setReplacement] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const [within, setWithin] = useState<ElementType | ''>('');
  const [replaced, setReplaced] = useState<number | null>(null);
  const found = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const state = findStateOf(current.state);
      return { count: state?.matches.length ?? 0, current: state?.current ?? 0, editable: current.isEditable };
    },
  });

  useEffect(() => {
    setReplaced(null);
    setFindQuery(editor, text === '' ? null : { text, matchCase, wholeWord, within: within === '' ? null : within });
  }, [editor, text, matchCase, wholeWord, within]);
  // Closing the panel takes its highlights off the page.
  useEffect(() => () => setFindQuery(editor, null), [editor]);

  const mayReplace = canReplace && found.editable;
  const onPanelKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key === 'Escape') onClose();
  };
  const onEnter = (event: ReactKeyboardEvent, act: () => void) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    act();
  };

  return (
    <div className="find-panel" role="search" aria-label="Find and replace" onKeyDown={onPanelKeyDown}>
      <div className="find-row">
        <input
          ref={findField}
          className="grow"
          aria-label="Find"
          placeholder="Find"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => onEnter(event, () => goToMatch(editor, event.shiftKey ? -1 : 1))}
        />
        <span className="find-count muted" role="status" aria-live="polite">
          {describeMatches(text, found.count, found.current, replaced)}
        </span>
        <button type="button" className="quiet" aria-label="Previous match" title="Previous match (Shift-Enter)" disabled={found.count === 0} onClick={() => goToMatch(editor, -1)}>
          ↑
        </button>
        <button type="button" className="quiet" aria-label="Next match" title="Next match (Enter)" disabled={found.count === 0} onClick={() => goToMatch(editor, 1)}>
          ↓
        </button>
        <button type="button" className="quiet" aria-label="Close find" title="Close (Escape)" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="find-options">
        <label className="find-check">
          <input type="checkbox" checked={matchCase} onChange={(event) => setMatchCase(event.target.checked)} /> Match case
        </label>
        <label className="find-check">
          <input type="checkbox" checked={wholeWord} onChange={(event) => setWholeWord(event.target.checked)} /> Whole word
        </label>
        <label className="find-check">
          In
          <select aria-label="In" value={within} onChange={(event) => setWithin(event.target.value as ElementType | '')}>
            <option value="">All elements</option>
            {ELEMENT_MENU.map(({ type, name }) => (
              <option key={type} value={type}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {mayReplace && !replacing && (
          <button type="button" className="quiet" onClick={onReplace}>
            Replace…
          </button>
        )}
      </div>
      {mayReplace && replacing && (
        <div className="find-row">
          <input
            className="grow"
            aria-label="Replace with"
            placeholder="Replace with"
            value={replacement}
            onChange={(event) => setReplacement(event.target.value)}
            onKeyDown={(event) => onEnter(event, () => replaceCurrentMatch(editor, replacement))}
          />
          <button type="button" className="quiet" disabled={found.count === 0} onClick={() => replaceCurrentMatch(editor, replacement)}>
            Replace
          </button>
          <button
            type="button"
            disabled={found.count === 0}
            onClick={() => {
              setReplaced(replaceAllMatches(editor, replacement));
              // With nothing left to replace this button is disabled, which would drop the focus out of the panel.
              findField.current?.focus();
            }}
          >
            Replace all
          </button>
        </div>
      )}
    </div>
  );
}

function describeMatches(text: string, count: number, current: number, replaced: number | null): string {
  if (replaced !== null) return `Replaced ${replaced}`;
  if (text === '') return '';
  return count === 0 ? 'No matches' : `${current + 1} of ${count}`;
}
