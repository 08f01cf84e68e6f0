import { useEffect, useState, type ComponentType } from 'react';
import { presenceName } from '@writersroom/protocol';
import type { ImportReport } from '@writersroom/screenplay';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { messageOf } from '../api/client.js';
import { type Script, type ScriptRole } from '../api/scripts.js';
import type { ScreenplayEditorProps } from '../editor/screenplay-editor.js';
import { getScriptOrHeld } from '../offline/held-scripts.js';
import { ExportMenu } from './export-menu.js';
import { ImportReportNotice } from './import-report.js';
import { Layout, Loading } from './layout.js';
import { ShareDialog } from './share-dialog.js';
import { useSession } from './session.js';

type ScreenplayEditorComponent = ComponentType<ScreenplayEditorProps>;

/**
 * The editor (TipTap, ProseMirror, Yjs) is most of the client's code: sign-in
 * and the script list load without it. It is fetched as soon as a script's
 * page mounts, alongside the script itself. Not React.lazy: a Suspense
 * boundary holds revealed content back for up to 300 ms so a fallback does
 * not flicker, which delayed every open by about 240 ms.
 */
function useScreenplayEditor(): ScreenplayEditorComponent | null {
  const [component, setComponent] = useState<ScreenplayEditorComponent | null>(null);
  useEffect(() => {
    let live = true;
    void import('../editor/screenplay-editor.js').then((module) => live && setComponent(() => module.ScreenplayEditor));
    return () => {
      live = false;
    };
  }, []);
  return component;
}

const ROLE_SENTENCE: Record<ScriptRole, string> = {
  owner: 'You own this script.',
  editor: 'You can edit this script.',
  commenter: 'You can read and comment on this script.',
  viewer: 'You can view this script.',
};

/** One script: its title, a way to share it, and the collaborative screenplay editor. */
export function ScriptPage() {
  const { scriptId = '' } = useParams();
  const [script, setScript] = useState<Script | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  // A script just made of a file arrives with its import report, shown until dismissed.
  const [importReport, setImportReport] = useState<ImportReport | null>((location.state as { importReport?: ImportReport } | null)?.importReport ?? null);
  const ScreenplayEditor = useScreenplayEditor();
  // Pages under SignedIn always have a user.
  const user = useSession().user!;
  const writer = { userId: user.userId, name: presenceName(user) };

  useEffect(() => {
    let live = true;
    setScript(undefined);
    setError(null);
    getScriptOrHeld(user.userId, scriptId).then(
      (found) => live && setScript(found),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [scriptId, user.userId]);

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
            <div className="title-actions">
              <ExportMenu scriptId={script.scriptId} />
              <button type="button" onClick={() => setSharing(true)}>
                Share
              </button>
            </div>
          </div>
          <p className="muted">{ROLE_SENTENCE[script.role ?? 'owner']}</p>
          {importReport && <ImportReportNotice report={importReport} onDismiss={() => setImportReport(null)} />}
          {ScreenplayEditor ? (
            <ScreenplayEditor scriptId={script.scriptId} title={script.title} writer={writer} role={script.role ?? 'owner'} generation={script.generation} />
          ) : (
            <Loading what="the editor" />
          )}
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
