import { Collaboration } from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import { DOCUMENT_FRAGMENT, screenplayExtensions } from '@writersroom/screenplay';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { describeStatus, openScript, type ScriptConnection } from '../collab/script-connection.js';
import './screenplay-editor.css';

/** Opens the script's connection for as long as the component is mounted. */
function useScriptConnection(scriptId: string): ScriptConnection | null {
  const [connection, setConnection] = useState<ScriptConnection | null>(null);
  useEffect(() => {
    const opened = openScript(scriptId);
    setConnection(opened);
    return () => {
      setConnection(null);
      opened.destroy();
    };
  }, [scriptId]);
  return connection;
}

/** The collaborative screenplay page of one script. */
export function ScreenplayEditor({ scriptId }: { scriptId: string }) {
  const connection = useScriptConnection(scriptId);
  return connection ? <ConnectedEditor key={scriptId} connection={connection} /> : <EditorStatus text="Connecting…" />;
}

function ConnectedEditor({ connection }: { connection: ScriptConnection }) {
  const status = useSyncExternalStore(connection.subscribe, connection.status);
  const editor = useEditor(
    {
      extensions: [...screenplayExtensions, Collaboration.configure({ document: connection.doc, field: DOCUMENT_FRAGMENT })],
      // Never an editable blank page over stored content: read-only until the first sync.
      editable: false,
      editorProps: { attributes: { class: 'screenplay', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Screenplay', spellcheck: 'false' } },
    },
    [connection],
  );

  const writable = status.synced && status.state !== 'closed';
  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== writable) editor.setEditable(writable);
  }, [editor, writable]);

  return (
    <section className="screenplay-editor" aria-label="Editor">
      <EditorStatus text={describeStatus(status)} />
      <div className="screenplay-page" data-synced={status.synced ? 'true' : 'false'}>
        <EditorContent editor={editor} />
      </div>
    </section>
  );
}

function EditorStatus({ text }: { text: string }) {
  return (
    <p className="editor-status muted" role="status" aria-live="polite">
      {text}
    </p>
  );
}
