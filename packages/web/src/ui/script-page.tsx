import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../api/client.js';
import { getScript, type Script } from '../api/scripts.js';
import { Layout, Loading } from './layout.js';

/** One script. For now its title and a placeholder where the collaborative editor will sit. */
export function ScriptPage() {
  const { scriptId = '' } = useParams();
  const [script, setScript] = useState<Script | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

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
          <section className="placeholder" aria-label="Editor">
            The screenplay editor arrives next: scenes, action and dialogue, written together in real time.
          </section>
        </article>
      )}
    </Layout>
  );
}
