import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../api/client.js';
import { deleteScriptForever, listDeletedScripts, restoreScript, type Script } from '../api/scripts.js';
import { Layout, Loading } from './layout.js';

/**
 * Deleted scripts, until their owner restores them or deletes them for good.
 * Deleting for good asks once more and then names the export file the server
 * wrote first (in its DELETED_SCRIPTS_DIR), so the writer can ask for it.
 */
export function TrashPage() {
  const [scripts, setScripts] = useState<Script[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const attempt = useCallback(async (work: () => Promise<void>) => {
    setError(null);
    setDone(null);
    try {
      await work();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  useEffect(() => void attempt(async () => setScripts(await listDeletedScripts())), [attempt]);
  const without = (scriptId: string) => setScripts((current) => current?.filter((s) => s.scriptId !== scriptId));

  return (
    <Layout>
      <p>
        <Link to="/">← All scripts</Link>
      </p>
      <h1>Trash</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {scripts === undefined ? (
        <Loading what="the Trash" />
      ) : scripts.length === 0 ? (
        <p className="empty">The Trash is empty.</p>
      ) : (
        <ul className="scripts" aria-label="Deleted scripts">
          {scripts.map((script) => (
            <TrashRow
              key={script.scriptId}
              script={script}
              onRestore={() =>
                attempt(async () => {
                  await restoreScript(script.scriptId);
                  without(script.scriptId);
                  setDone(`${script.title} is back in your scripts.`);
                })
              }
              onDeleteForever={() =>
                attempt(async () => {
                  const { exportFile } = await deleteScriptForever(script.scriptId);
                  without(script.scriptId);
                  setDone(`${script.title} was deleted for good. The server kept an export of it as ${exportFile}; the server's administrator has it.`);
                })
              }
            />
          ))}
        </ul>
      )}
    </Layout>
  );
}

interface TrashRowProps {
  script: Script;
  onRestore(): Promise<void>;
  onDeleteForever(): Promise<void>;
}

function TrashRow({ script, onRestore, onDeleteForever }: TrashRowProps) {
  const [confirming, setConfirming] = useState(false);
  const isOwner = script.role === undefined || script.role === 'owner';
  return (
    <li>
      <span className="script-info">
        <span className="script-title">{script.title}</span>
      </span>
      <span className="muted when">deleted {script.deletedAt ? new Date(script.deletedAt).toLocaleString() : ''}</span>
      {confirming ? (
        <span className="actions">
          <button type="button" className="danger" onClick={() => void onDeleteForever()}>
            Delete {script.title} forever now
          </button>
          <button type="button" className="quiet" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        isOwner && (
          <span className="actions">
            <button type="button" className="quiet" aria-label={`Restore ${script.title}`} onClick={() => void onRestore()}>
              Restore
            </button>
            <button type="button" className="quiet" aria-label={`Delete ${script.title} forever`} onClick={() => setConfirming(true)}>
              Delete forever
            </button>
          </span>
        )
      )}
    </li>
  );
}
