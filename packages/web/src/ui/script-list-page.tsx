import { useCallback, useEffect, useState, type DragEvent, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { messageOf } from '../api/client.js';
import { canEditScript, createScript, createScriptFromFile, deleteScript, renameScript, type Script } from '../api/scripts.js';
import { listScriptsOrHeld } from '../offline/held-scripts.js';
import { useRetryWhileOffline } from '../offline/use-retry-while-offline.js';
import { Layout, Loading } from './layout.js';
import { personName } from './share-controls.js';
import { useSession } from './session.js';
import { ScriptFacts } from './script-facts.js';
import { ShareDialog } from './share-dialog.js';

/** Your scripts: create one with a title, rename, delete, share, open; each says who else has access. */
export function ScriptListPage() {
  const [scripts, setScripts] = useState<Script[] | undefined>(undefined);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sharing, setSharing] = useState<Script | null>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const [dropping, setDropping] = useState(false);
  const navigate = useNavigate();

  const attempt = useCallback(async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  // Under SignedIn: there is a user. Offline, the list is the scripts this browser holds.
  const userId = useSession().user!.userId;
  const [offline, setOffline] = useState(false);
  const reload = useCallback(
    () =>
      attempt(async () => {
        const listed = await listScriptsOrHeld(userId);
        setOffline(listed.offline);
        setScripts(listed.scripts);
      }),
    [attempt, userId],
  );
  useEffect(() => void reload(), [reload]);
  useRetryWhileOffline(offline, reload);

  const create = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      const created = await createScript(title.trim());
      // Straight into the new script: its page opens with the caret on the first line.
      void navigate(`/scripts/${created.scriptId}`);
    });
  };

  /** A file becomes a new script, opened at once with its import report. */
  const importFile = (file: File | undefined) => {
    if (!file) return;
    setImporting(file.name);
    void attempt(async () => {
      try {
        const { script, report } = await createScriptFromFile(file);
        void navigate(`/scripts/${script.scriptId}`, { state: { importReport: report } });
      } finally {
        setImporting(null);
      }
    });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    importFile(event.dataTransfer.files[0]);
  };

  return (
    <Layout>
      <div
        className={dropping ? 'script-drop dropping' : 'script-drop'}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
        data-testid="script-drop"
      >
      <div className="title-row">
        <h1>Your scripts</h1>
        <Link to="/trash">Trash</Link>
      </div>
      <form className="row" onSubmit={create}>
        <label className="grow">
          Title
          <input type="text" required maxLength={200} placeholder="Untitled" value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <button type="submit" disabled={!title.trim()}>
          Create script
        </button>
      </form>
      <p className="muted import-line">
        <label className="file-button">
          New script from file…
          <input type="file" accept=".fountain,.spmd,.txt,.fdx,.pdf" onChange={(event) => importFile(event.target.files?.[0])} />
        </label>{' '}
        Fountain, Final Draft (.fdx) or PDF — or drop the file here.
        {importing && <span role="status"> Importing {importing}…</span>}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {offline && (
        <p className="muted" role="status">
          Offline — the scripts kept in this browser; changes are kept here and sent when the server is back
        </p>
      )}
      {scripts === undefined ? (
        <Loading what="your scripts" />
      ) : offline && scripts.length === 0 ? (
        <p className="empty">None yet: a script is kept in this browser once it has been opened here.</p>
      ) : scripts.length === 0 ? (
        <p className="empty">No scripts yet. Give your first one a title above.</p>
      ) : (
        <ul className="scripts" aria-label="Scripts">
          {scripts.map((script) => (
            <ScriptRow
              key={script.scriptId}
              script={script}
              onRename={(newTitle) =>
                attempt(async () => {
                  const renamed = await renameScript(script.scriptId, newTitle);
                  setScripts((current) => current?.map((s) => (s.scriptId === renamed.scriptId ? { ...s, ...renamed } : s)));
                })
              }
              onDelete={() =>
                attempt(async () => {
                  await deleteScript(script.scriptId);
                  setScripts((current) => current?.filter((s) => s.scriptId !== script.scriptId));
                })
              }
              onShare={() => setSharing(script)}
            />
          ))}
        </ul>
      )}
      {sharing && (
        <ShareDialog
          scriptId={sharing.scriptId}
          title={sharing.title}
          onClose={() => {
            setSharing(null);
            // The dialog may have changed who the script is shared with.
            void reload();
          }}
        />
      )}
      </div>
    </Layout>
  );
}

interface RowProps {
  script: Script;
  onRename(title: string): Promise<void>;
  onDelete(): Promise<void>;
  onShare(): void;
}

/** One script; renaming and deleting happen in place (deleting asks once more). */
function ScriptRow({ script, onRename, onDelete, onShare }: RowProps) {
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState(script.title);
  const canEdit = canEditScript(script.role);
  const isOwner = script.role === undefined || script.role === 'owner';

  if (mode === 'rename') {
    return (
      <li>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            void onRename(draft.trim()).then(() => setMode('view'));
          }}
        >
          <label className="grow">
            New title for {script.title}
            <input type="text" required maxLength={200} autoFocus value={draft} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit" disabled={!draft.trim()}>
            Save title
          </button>
          <button type="button" className="quiet" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li>
      <span className="script-info">
        <Link className="script-title" to={`/scripts/${script.scriptId}`}>
          {script.title}
        </Link>
        <span className="muted sharing">{sharingSummary(script)}</span>
      </span>
      <ScriptFacts script={script} />
      {mode === 'confirm-delete' ? (
        <span className="actions">
          <button type="button" className="danger" onClick={() => void onDelete()}>
            Delete {script.title} now
          </button>
          <button type="button" className="quiet" onClick={() => setMode('view')}>
            Keep it
          </button>
        </span>
      ) : (
        <span className="actions">
          {canEdit && (
            <button
              type="button"
              className="quiet"
              aria-label={`Rename ${script.title}`}
              onClick={() => {
                setDraft(script.title);
                setMode('rename');
              }}
            >
              Rename
            </button>
          )}
          {isOwner && (
            <button type="button" className="quiet" aria-label={`Share ${script.title}`} onClick={onShare}>
              Share
            </button>
          )}
          {isOwner && (
            <button type="button" className="quiet" aria-label={`Delete ${script.title}`} onClick={() => setMode('confirm-delete')}>
              Delete
            </button>
          )}
        </span>
      )}
    </li>
  );
}

/** "Shared with Bob, carol@example.com (invited)" for your own scripts; your role on others'. */
function sharingSummary(script: Script): string {
  if (script.role !== undefined && script.role !== 'owner') return `Shared with you as ${script.role}`;
  const people = script.sharedWith ?? [];
  if (people.length === 0) return 'Only you';
  return `Shared with ${people.map((person) => (person.pending ? `${personName(person)} (invited)` : personName(person))).join(', ')}`;
}
