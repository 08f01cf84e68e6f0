import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { messageOf } from '../api/client.js';
import { getScript, type Script } from '../api/scripts.js';
import { Layout, Loading } from './layout.js';
import { ShareDialog } from './share-dialog.js';
import { useSession } from './session.js';

// The editor (TipTap, ProseMirror, Yjs) is most of the client's code: sign-in and the script list load without it.
const ScreenplayEditor = lazy(() => import('../editor/screenplay-editor.js').then((module) => ({ default: module.ScreenplayEditor })));

const ROLE_SENTENCE = { owner: 'You own this script.', editor: 'You can edit this script.', viewer: 'You can view this script.' } as const;

/** One script: its title, a way to share it, and the collaborative screenplay editor. */
export function ScriptPage() {
  const { scriptId = '' } = useParams();
  const [script, setScript] = useState<Script | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const navigate = useNavigate();
  // Pages under SignedIn always have a user.
  const user = useSession().user!;
  const writer = { userId: user.userId, name: user.displayName ?? user.email ?? 'A writer' };

  useEffect(() => {
    let live = true;
    setScript(undefined);
    setError(null);
    getScript(scriptId).then(
      (found) => live && setScript(found),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [scriptId]);

  return (
    <Layout>
      <p>
        <Link to="/">← All scripts</Link>
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : !script ? (
        <Loading what="the script" />
      ) : (
        <article className="page">
          <div className="title-row">
            <h1 className="script-title">{script.title}</h1>
            <button type="button" onClick={() => setSharing(true)}>
              Share
            </button>
          </div>
          <p className="muted">{ROLE_SENTENCE[script.role ?? 'editor']}</p>
          <Suspense fallback={<Loading what="the editor" />}>
            <ScreenplayEditor scriptId={script.scriptId} writer={writer} readOnly={script.role === 'viewer'} generation={script.generation} />
          </Suspense>
          {sharing && (
            <ShareDialog
              scriptId={script.scriptId}
              title={script.title}
              onClose={() => setSharing(false)}
              onLeft={() => void navigate('/', { replace: true })}
            />
          )}
        </article>
      )}
    </Layout>
  );
}
