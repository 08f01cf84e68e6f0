import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../api/client.js';
import { getScript, type Script } from '../api/scripts.js';
import { ScreenplayEditor } from '../editor/screenplay-editor.js';
import { Layout, Loading } from './layout.js';
import { useSession } from './session.js';

/** One script: its title and the collaborative screenplay editor. */
export function ScriptPage() {
  const { scriptId = '' } = useParams();
  const [script, setScript] = useState<Script | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
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
          <h1 className="script-title">{script.title}</h1>
          <p className="muted">You are {script.role === 'owner' ? 'the owner' : `an ${script.role ?? 'editor'}`} of this script.</p>
          <ScreenplayEditor scriptId={script.scriptId} writer={writer} readOnly={script.role === 'viewer'} />
        </article>
      )}
    </Layout>
  );
}
