import { Collaboration } from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import { DOCUMENT_FRAGMENT, screenplayExtensions } from '@writersroom/screenplay';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CloseCode } from '@writersroom/protocol';
import { currentUser } from '../api/auth.js';
import { canEditScript, getScript, type ScriptRole } from '../api/scripts.js';
import {
  describeStatus,
  isRefusedLocalState,
  openScript,
  type ConnectionStatus,
  type ScriptConnection,
  type Writer,
} from '../collab/script-connection.js';
import { reconnectDelayMs } from '../collab/reconnect-backoff.js';
import { writerColor } from '../collab/writer-color.js';
import { useCaretMemory } from './caret-memory.js';
import { CollaborationCarets } from './collaboration-carets.js';
import { CommentHighlights } from './comments/comment-highlights.js';
import { CollaborativeUndo } from './collaborative-undo.js';
import { PresenceList } from './presence-list.js';
import { ElementToolbar } from './element-toolbar.js';
import { FindAndReplace } from './find/find-and-replace.js';
import { FindHighlights } from './find/find-highlights.js';
import { FocusMode } from './focus-mode.js';
import { ScreenplayPaste } from './screenplay-paste.js';
import { ImportIntoScript } from './import-into-script.js';
import { PageLayoutExtension } from './pages/page-layout.js';
import { PageStatus } from './pages/page-status.js';
import { VersionView, type ShownVersion } from './history/version-view.js';
import { ScriptPanels } from './panels/script-panels.js';
import { screenplayBehaviour } from './screenplay-behaviour.js';
import './screenplay-editor.css';

export interface ScreenplayEditorProps {
  scriptId: string;
  /** The script's title (the title page prints it when its own title is empty). */
  title: string;
  /** The signed-in writer: their caret's name and colour, and whose browser copy this is. */
  writer: { userId: string; name: string };
  /**
   * The writer's role on the script. Viewers and commenters get a read-only
   * page (the server ignores their edits too); commenters may still comment.
   */
  role: ScriptRole;
  /** The script's document generation, as the page read it (REST). */
  generation: number;
}

/** Why the page dropped this browser's copy and reopened the script from the server. */
type Reopened = 'refused' | 'too-large' | 'script-full' | 'now-view-only' | 'replaced';

const REOPENED_NOTICE: Record<Reopened, string> = {
  refused: 'The server refused a change made here (it is not screenplay content it can store), so the script was reloaded from the server.',
  'too-large': 'A change made here (a very large paste?) was too big to send, so the script was reloaded from the server without it.',
  'script-full':
    'This script has reached its size limit, so the change that would have grown it was not kept and the script was reloaded from the server. Delete something, or split the script into several.',
  'now-view-only': 'You can now only view this script, so it was reloaded from the server; changes made here since were not saved.',
  replaced:
    'This script was restored or rebuilt on the server since this browser last had it, so it was reloaded from the server; changes made here that had not reached the server could not be kept.',
};

/**
 * Opens the script's connection for as long as the component is mounted.
 * - When the server refuses what this browser's copy holds, or says this
 *   writer may now only view the script, the copy (holding changes that will
 *   never be stored) is deleted and the script reopened from the server.
 * - When the session ended (4001: signed out, or a renewed sign-in that came
 *   late, as after a laptop slept), the copy is kept and the script reopened
 *   once the writer is signed in again.
 * Each reopen waits as a reconnect would, longer each time the server keeps
 * refusing, so a refusal that repeats never turns into a tight loop.
 */
function useScriptConnection(scriptId: string, writer: ScreenplayEditorProps['writer'], expectReadOnly: boolean, firstGeneration: number) {
  const [connection, setConnection] = useState<ScriptConnection | null>(null);
  const [opening, setOpening] = useState({ generation: firstGeneration, attempt: 0 });
  const [reopened, setReopened] = useState<Reopened | null>(null);
  // Sticky: a later reopen for another reason must not make a demoted writer's page editable again.
  const [demoted, setDemoted] = useState(false);
  const viewOnly = expectReadOnly || demoted;
  // Read by the subscription, not a reason to reopen: reopening waits for the old copy to be deleted.
  const expectedViewOnly = useRef(viewOnly);
  expectedViewOnly.current = viewOnly;
  // Reopens since the last connection that worked: how long the next one waits.
  const reopensInARow = useRef(0);
  const { userId, name } = writer;

  useEffect(() => {
    const identity: Writer = { name, color: writerColor(userId) };
    const opened = openScript(scriptId, {
      writer: identity,
      generation: opening.generation,
      offlineStorePrefix: `writersroom/${userId}/${scriptId}/`,
    });
    let reopening = false;
    let unmounted = false;
    const pause = () => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(reopensInARow.current++)));
    const reopen = (generation: number) => {
      if (!unmounted) setOpening({ generation, attempt: opening.attempt + 1 });
    };
    const unsubscribe = opened.subscribe(() => {
      if (reopening) return;
      const status = opened.status();
      const reason = reasonToReopen(status, expectedViewOnly.current);
      if (reason) {
        reopening = true;
        setReopened(reason);
        if (reason === 'now-view-only') setDemoted(true);
        void (async () => {
          await opened.discardLocalState().catch(() => undefined);
          await pause();
          reopen(reason === 'replaced' ? await currentGeneration(scriptId, opening.generation) : opening.generation);
        })();
      } else if (status.closed?.code === CloseCode.ClientOutdated) {
        reloadForUpdate();
      } else if (status.closed?.code === CloseCode.Unauthenticated) {
        reopening = true;
        void (async () => {
          while (!unmounted && !(await signedInAgain())) await pause();
          opened.destroy();
          reopen(opening.generation);
        })();
      } else if (status.state === 'saved' || status.state === 'live') {
        reopensInARow.current = 0;
      }
    });
    setConnection(opened);
    return () => {
      unmounted = true;
      unsubscribe();
      setConnection(null);
      if (!reopening) opened.destroy();
    };
  }, [scriptId, userId, name, opening]);

  return { connection, reopened, viewOnly };
}

/** A replaced document has a new generation: ask the server which (the old one again if it cannot say: refused, retried). */
async function currentGeneration(scriptId: string, refused: number): Promise<number> {
  try {
    return (await getScript(scriptId)).generation;
  } catch {
    return refused;
  }
}

function reasonToReopen({ closed, readOnly }: ConnectionStatus, expectedViewOnly: boolean): Reopened | null {
  if (closed?.code === CloseCode.StaleDocument) return 'replaced';
  if (closed?.code === CloseCode.MessageTooLarge) return 'too-large';
  if (closed?.code === CloseCode.DocumentTooLarge) return 'script-full';
  if (closed && isRefusedLocalState(closed.code)) return 'refused';
  if (readOnly && !expectedViewOnly) return 'now-view-only';
  return null;
}

/** The last time this tab reloaded itself for a new WritersRoom (sessionStorage), so a stale cache cannot loop it. */
const RELOADED_FOR_UPDATE = 'writersroom/reloaded-for-update';

/**
 * The server runs a newer WritersRoom than this page (4426): reload to get
 * it. The browser's copy of the script stays in IndexedDB and is sent by the
 * new page. At most once a minute: if the reload brought the same old client
 * (a cache in the way), the page says so and waits for the writer.
 */
function reloadForUpdate(): void {
  const last = Number(sessionStorage.getItem(RELOADED_FOR_UPDATE) ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem(RELOADED_FOR_UPDATE, String(Date.now()));
  window.location.reload();
}

async function signedInAgain(): Promise<boolean> {
  try {
    return (await currentUser()) !== null;
  } catch {
    return false;
  }
}

/** The collaborative screenplay page of one script. */
export function ScreenplayEditor({ scriptId, title, writer, role, generation }: ScreenplayEditorProps) {
  const { connection, reopened, viewOnly } = useScriptConnection(scriptId, writer, !canEditScript(role), generation);
  return (
    <section className="screenplay-editor" aria-label="Editor">
      {reopened && (
        <p className="notice" role="alert">
          {REOPENED_NOTICE[reopened]}
        </p>
      )}
      {connection ? (
        <ConnectedEditor key={connection.doc.guid} connection={connection} readOnly={viewOnly} scriptId={scriptId} scriptTitle={title} role={role} userId={writer.userId} />
      ) : (
        <EditorStatus text="Connecting…" />
      )}
    </section>
  );
}

interface ConnectedEditorProps {
  connection: ScriptConnection;
  readOnly: boolean;
  scriptId: string;
  scriptTitle: string;
  role: ScriptRole;
  userId: string;
}

function ConnectedEditor({ connection, readOnly, scriptId, scriptTitle, role, userId }: ConnectedEditorProps) {
  const status = useSyncExternalStore(connection.subscribe, connection.status);
  // An earlier version shown in the page's place; the page stays mounted (and live) beneath it.
  const [shownVersion, setShownVersion] = useState<ShownVersion | null>(null);
  const editor = useEditor(
    {
      extensions: [
        ...screenplayExtensions,
        Collaboration.configure({ document: connection.doc, field: DOCUMENT_FRAGMENT }),
        CollaborativeUndo,
        CollaborationCarets.configure({ awareness: connection.provider.awareness }),
        ...screenplayBehaviour,
        ScreenplayPaste,
        PageLayoutExtension,
        CommentHighlights,
        FindHighlights,
      ],
      // Never an editable blank page over stored content: read-only until the server's state is in.
      editable: false,
      // TipTap's own <style> element would be an inline style the CSP refuses; the rules are in screenplay-editor.css.
      injectCSS: false,
      editorProps: { attributes: { class: 'screenplay', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Screenplay', spellcheck: 'false' } },
    },
    [connection],
  );

  const writable = !readOnly && !status.readOnly && status.hasServerState && status.state !== 'closed';
  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== writable) editor.setEditable(writable);
  }, [editor, writable]);
  useCaretMemory(editor, scriptId, userId, writable);

  return (
    <>
      <div className="editor-bar">
        <EditorStatus text={describeStatus(status)} />
        {status.hasServerState && <PageStatus editor={editor} />}
        {readOnly && <span className="read-only-badge">Read only</span>}
        <PresenceList awareness={connection.provider.awareness} />
      </div>
      {!readOnly && <ImportIntoScript editor={editor} doc={connection.doc} />}
      <div className="script-workspace">
        <div className="script-sheet" data-showing-version={shownVersion ? '' : undefined}>
          {shownVersion && <VersionView scriptId={scriptId} shown={shownVersion} onBack={() => setShownVersion(null)} />}
          {!readOnly && <ElementToolbar editor={editor} />}
          <FindAndReplace editor={editor} canReplace={!readOnly} />
          <div className="screenplay-page" data-synced={status.hasServerState ? 'true' : 'false'}>
            <EditorContent editor={editor} />
          </div>
          {/* After the page: fixed in a corner, and Shift-Tab out of the page still reaches the toolbar. */}
          <FocusMode />
        </div>
        <ScriptPanels
          editor={editor}
          connection={connection}
          scriptId={scriptId}
          scriptTitle={scriptTitle}
          readOnly={readOnly}
          may={{ userId, canComment: role !== 'viewer', isOwner: role === 'owner' }}
          canEdit={!readOnly && canEditScript(role)}
          onShowVersion={setShownVersion}
        />
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
