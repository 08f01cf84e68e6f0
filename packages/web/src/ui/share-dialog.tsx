import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client.js';
import { getScriptAccess, listShareLinks, type ScriptAccess, type ShareLink } from '../api/sharing.js';
import { Loading } from './layout.js';
import { useSession } from './session.js';
import type { Act } from './share-controls.js';
import { ShareLinks } from './share-links.js';
import { SharePeople } from './share-people.js';

interface ShareDialogProps {
  scriptId: string;
  title: string;
  onClose(): void;
  /** Called after the signed-in person left the script; without it no Leave action is offered. */
  onLeft?: () => void;
}

interface Loaded {
  access: ScriptAccess;
  owns: boolean;
  /** Only the owner's dialog lists links. */
  links: ShareLink[];
}

/**
 * Who can open a script, and for its owner every way to change that. A modal
 * <dialog>: the browser keeps focus inside and closes it on Escape. Everyone
 * else sees the list read-only, with a way to leave.
 */
export function ShareDialog({ scriptId, title, onClose, onLeft }: ShareDialogProps) {
  const me = useSession().user?.userId ?? '';
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // No closing on unmount: React StrictMode unmounts once in development, and
  // the close event would then close the dialog for good. A removed <dialog>
  // leaves the top layer by itself.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const reload = useCallback(async () => {
    const access = await getScriptAccess(scriptId);
    // Ownership decides what the server lets us see: links, like invitations, are the owner's.
    const owns = access.owner?.userId === me;
    setLoaded({ access, owns, links: owns ? await listShareLinks(scriptId) : [] });
  }, [scriptId, me]);

  useEffect(() => {
    reload().catch((failure: unknown) => setError(messageOf(failure)));
  }, [reload]);

  const act = useCallback<Act>(
    async (work, { reload: reloadAfter = true } = {}) => {
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        const done = await work();
        if (reloadAfter) await reload();
        if (done) setNotice(done);
      } catch (failure) {
        setError(messageOf(failure));
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );

  return (
    <dialog
      ref={dialog}
      className="share-dialog"
      aria-label={`Share ${title}`}
      // Escape and the Close button both end here, once the browser has closed it.
      onClose={onClose}
    >
      <header className="dialog-head">
        <h2>Share {title}</h2>
        <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {!loaded ? (
        !error && <Loading what="who has access" />
      ) : (
        <>
          <SharePeople scriptId={scriptId} access={loaded.access} me={me} owns={loaded.owns} busy={busy} act={act} onLeft={onLeft} />
          {loaded.owns && <ShareLinks scriptId={scriptId} links={loaded.links} busy={busy} act={act} />}
          {!loaded.owns && <p className="muted">Only the owner can invite people, change roles or make share links.</p>}
        </>
      )}
    </dialog>
  );
}
