import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import type { ElementType } from '@writersroom/screenplay';
import type { ReactNode } from 'react';
import { elementTypeOf, retypeElements } from './element-edits.js';
import { ELEMENT_MENU } from './element-menu.js';
import './element-toolbar.css';

const MARKS = [
  { mark: 'bold', name: 'Bold', key: 'B', face: <strong>B</strong> },
  { mark: 'italic', name: 'Italic', key: 'I', face: <em>I</em> },
  { mark: 'underline', name: 'Underline', key: 'U', face: <u>U</u> },
] as const;

type MarkName = (typeof MARKS)[number]['mark'];

interface ToolbarState {
  element: ElementType | null;
  active: Readonly<Record<MarkName, boolean>>;
  editable: boolean;
}

/**
 * The element menu and the bold/italic/underline buttons above the page.
 * The menu shows the element the cursor is in and retypes every element the
 * selection touches; the buttons show whether the mark is on (aria-pressed).
 * Everything is disabled while the editor is read-only (before the first sync).
 */
export function ElementToolbar({ editor }: { editor: Editor | null }) {
  const state = useEditorState({ editor, selector: ({ editor: current }) => readToolbarState(current) }) ?? NO_EDITOR;
  const disabled = !editor || !state.editable;

  return (
    <div className="element-toolbar" role="group" aria-label="Formatting">
      <select
        className="element-toolbar-menu"
        aria-label="Element"
        value={state.element ?? ''}
        disabled={disabled}
        onChange={(event) => editor && setElementType(editor, event.target.value as ElementType)}
      >
        {state.element === null && <option value="" hidden />}
        {ELEMENT_MENU.map(({ type, name, key }) => (
          <option key={type} value={type}>
            {key ? `${name} — ${key}` : name}
          </option>
        ))}
      </select>
      {MARKS.map(({ mark, name, key, face }) => (
        <MarkButton key={mark} name={name} shortcut={key} pressed={state.active[mark]} disabled={disabled} onToggle={() => editor?.chain().focus().toggleMark(mark).run()}>
          {face}
        </MarkButton>
      ))}
    </div>
  );
}

function MarkButton(props: { name: string; shortcut: string; pressed: boolean; disabled: boolean; onToggle: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className="element-toolbar-mark"
      aria-label={props.name}
      aria-pressed={props.pressed}
      title={`${props.name} (Ctrl+${props.shortcut})`}
      disabled={props.disabled}
      // Keeps the focus, and so the selection the mark applies to, in the editor.
      onMouseDown={(event) => event.preventDefault()}
      onClick={props.onToggle}
    >
      {props.children}
    </button>
  );
}

const NO_EDITOR: ToolbarState = { element: null, active: { bold: false, italic: false, underline: false }, editable: false };

function readToolbarState(editor: Editor | null): ToolbarState {
  if (!editor || editor.isDestroyed) return NO_EDITOR;
  return {
    element: elementTypeOf(editor.state.selection.$from.parent),
    active: { bold: editor.isActive('bold'), italic: editor.isActive('italic'), underline: editor.isActive('underline') },
    editable: editor.isEditable,
  };
}

function setElementType(editor: Editor, type: ElementType): void {
  editor
    .chain()
    .focus()
    .command(({ tr }) => {
      retypeElements(tr, tr.selection.from, tr.selection.to, type);
      return true;
    })
    .run();
}
