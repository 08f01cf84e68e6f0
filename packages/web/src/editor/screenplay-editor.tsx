import { Collaboration } from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import { DOCUMENT_FRAGMENT, screenplayExtensions } from '@writersroom/screenplay';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { describeStatus, isRefusedLocalState, openScript, type ScriptConnection, type Writer } from '../collab/script-connection.js';
import { writerColor } from '../collab/writer-color.js';
import { CollaborationCarets } from './collaboration-carets.js';
import { PresenceList } from './presence-list.js';
import { ElementToolbar } from './element-toolbar.js';
import { screenplayBehaviour } from './screenplay-behaviour.js';
import './screenplay-editor.css';

export interface ScreenplayEditorProps {
  scriptId: string;
  /** The signed-in writer: their caret's name and colour, and whose browser copy this is. */
  writer: { userId: string; name: string };
  /** Viewers get a read-only page (the server ignores their edits too). */
  readOnly: boolean;
}

/**
 * Opens the script's connection for as long as the component is mounted. When
 * the server refuses what this browser's copy holds, the copy is deleted and
 * the script reopened from the server, and `refused` says so.
 */
function useScriptConnection(scriptId: string, writer: ScreenplayEditorProps['writer']) {
  const [connection, setConnection] = useState<ScriptConnection | null>(null);
  const [generation, setGeneration] = useState(0);
  const [refused, setRefused] = useState(false);
  const { userId, name } = writer;

  useEffect(() => {
    const identity: Writer = { name, color: writerColor(userId) };
    const opened = openScript(scriptId, { writer: identity, offlineStoreName: `writersroom/${userId}/${scriptId}` });
    let reopening = false;
    const unsubscribe = opened.subscribe(() => {
      const closed = opened.status().closed;
      if (!closed || !isRefusedLocalState(closed.code) || reopening) return;
      reopening = true;
      setRefused(true);
      void opened.discardLocalState().then(() => setGeneration((n) => n + 1));
    });
    setConnection(opened);
    return () => {
      unsubscribe();
      setConnection(null);
      if (!reopening) opened.destroy();
    };
  }, [scriptId, userId, name, generation]);

  return { connection, refused };
}

/** The collaborative screenplay page of one script. */
export function ScreenplayEditor({ scriptId, writer, readOnly }: ScreenplayEditorProps) {
  const { connection, refused } = useScriptConnection(scriptId, writer);
  return (
    <section className="screenplay-editor" aria-label="Editor">
      {refused && (
        <p className="notice" role="alert">
          The server refused a change made here (it is not screenplay content it can store), so the script was reloaded from the server.
        </p>
      )}
      {connection ? <ConnectedEditor key={connection.doc.guid} connection={connection} readOnly={readOnly} /> : <EditorStatus text="Connecting…" />}
    </section>
  );
}

function ConnectedEditor({ connection, readOnly }: { connection: ScriptConnection; readOnly: boolean }) {
  const status = useSyncExternalStore(connection.subscribe, connection.status);
  const editor = useEditor(
    {
      extensions: [
        ...screenplayExtensions,
        Collaboration.configure({ document: connection.doc, field: DOCUMENT_FRAGMENT }),
        CollaborationCarets.configure({ awareness: connection.provider.awareness }),
        ...screenplayBehaviour,
      ],
      // Never an editable blank page over stored content: read-only until the server's state is in.
      editable: false,
      editorProps: { attributes: { class: 'screenplay', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Screenplay', spellcheck: 'false' } },
    },
    [connection],
  );

  const writable = !readOnly && status.hasServerState && status.state !== 'closed';
  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== writable) editor.setEditable(writable);
  }, [editor, writable]);

  return (
    <>
      <div className="editor-bar">
        <EditorStatus text={describeStatus(status)} />
        {readOnly && <span className="read-only-badge">Read only</span>}
        <PresenceList awareness={connection.provider.awareness} />
      </div>
      {!readOnly && <ElementToolbar editor={editor} />}
      <div className="screenplay-page" data-synced={status.hasServerState ? 'true' : 'false'}>
        <EditorContent editor={editor} />
      </div>
    </>
  );
}

function EditorStatus({ text }: { text: string }) {
  return (
    <p className="editor-status muted" role="status" aria-live="polite">
      {text}
    </p>
  );
}
