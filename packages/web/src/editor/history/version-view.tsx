import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client.js';
import { compareVersions, getCheckpoint, type CheckpointContent, type CheckpointView, type VersionComparison } from '../../api/history.js';
import { checkpointLabel } from './checkpoint-label.js';
import { ComparisonView } from './comparison-view.js';
import { VersionDocument } from './version-document.js';

/** A checkpoint shown in place of the page: as it was, or compared with the script now. */
export interface ShownVersion {
  mode: 'view' | 'compare';
  checkpoint: CheckpointView;
}

type Loaded = { mode: 'view'; content: CheckpointContent } | { mode: 'compare'; comparison: VersionComparison };

function load(scriptId: string, { mode, checkpoint }: ShownVersion): Promise<Loaded> {
  return mode === 'view'
    ? getCheckpoint(scriptId, checkpoint.checkpointId).then((content) => ({ mode, content }))
    : compareVersions(scriptId, checkpoint.checkpointId, 'current').then((comparison) => ({ mode, comparison }));
}

/**
 * An earlier version read-only, in place of the page, under a bar that says
 * which one it is and leads back. The live page stays open (hidden) under
 * it, so going back is instant and collaborators' edits keep arriving.
 */
export function VersionView({ scriptId, shown, onBack }: { scriptId: string; shown: ShownVersion; onBack(): void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLoaded(null);
    setError(null);
    load(scriptId, shown).then(
      (found) => live && setLoaded(found),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [scriptId, shown]);

  const label = checkpointLabel(shown.checkpoint);
  return (
    <section className="version-view" aria-label={shown.mode === 'view' ? `Viewing ${label}` : `Comparing ${label} with the current script`}>
      <div className="version-bar">
        <span>{shown.mode === 'view' ? <>Viewing {label}</> : <>Comparing {label} with the current script</>}</span>
        <button type="button" onClick={onBack} autoFocus>
          Back to the script
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : !loaded ? (
        <p className="muted">Loading {label}…</p>
      ) : loaded.mode === 'view' ? (
        <VersionDocument content={loaded.content} />
      ) : (
        <ComparisonView comparison={loaded.comparison} />
      )}
    </section>
  );
}
