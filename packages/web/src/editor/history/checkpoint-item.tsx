import { useEffect, useRef, useState } from 'react';
import { nameCheckpoint, restoreCheckpoint, type CheckpointView } from '../../api/history.js';
import { TextForm } from '../panels/text-form.js';
import { useAction } from '../panels/use-action.js';
import { absoluteTime } from '../panels/relative-time.js';
import { When } from '../panels/when.js';
import { checkpointLabel, checkpointTitle, MAX_DRAFT_NAME_LENGTH } from './checkpoint-label.js';
import type { ShownVersion } from './version-view.js';

interface CheckpointItemProps {
  scriptId: string;
  checkpoint: CheckpointView;
  canEdit: boolean;
  onShow(version: ShownVersion): void;
  /** After a change of this writer's: read the list again. */
  onChanged(): void;
}

/** One checkpoint: what it is, when, who wrote it; view it, compare it, and for editors name or restore it. */
export function CheckpointItem({ scriptId, checkpoint, canEdit, onShow, onChanged }: CheckpointItemProps) {
  const [naming, setNaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const title = checkpointTitle(checkpoint);
  const pages = `${checkpoint.pageCount} ${checkpoint.pageCount === 1 ? 'page' : 'pages'}`;

  return (
    <article className={`checkpoint ${checkpoint.kind}`} aria-label={`${title}, ${absoluteTime(checkpoint.createdAt)}`}>
      <h3 className="checkpoint-name">{title}</h3>
      <p className="checkpoint-facts muted">
        <When iso={checkpoint.createdAt} /> · {pages}
        {checkpoint.authors.length > 0 && <> · by {checkpoint.authors.map((author) => author.name).join(', ')}</>}
        {checkpoint.takenBy && checkpoint.kind !== 'auto' && <> · {checkpoint.kind === 'restore' ? 'restored' : 'named'} by {checkpoint.takenBy.name}</>}
      </p>
      {naming ? (
        <TextForm
          label={checkpoint.name ? 'New name' : 'Name of this version'}
          submitLabel={checkpoint.name ? 'Rename' : 'Name'}
          initial={checkpoint.name ?? ''}
          maxLength={MAX_DRAFT_NAME_LENGTH}
          onSubmit={async (name) => {
            await nameCheckpoint(scriptId, checkpoint.checkpointId, name);
            setNaming(false);
            onChanged();
          }}
          onCancel={() => setNaming(false)}
        />
      ) : confirming ? (
        <ConfirmRestore
          checkpoint={checkpoint}
          onRestore={async () => {
            await restoreCheckpoint(scriptId, checkpoint.checkpointId);
            setConfirming(false);
            onChanged();
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="checkpoint-actions" role="group" aria-label={`${title}: actions`}>
          <button type="button" className="quiet" onClick={() => onShow({ mode: 'view', checkpoint })}>
            View
          </button>
          <button type="button" className="quiet" onClick={() => onShow({ mode: 'compare', checkpoint })}>
            Compare with current
          </button>
          {canEdit && (
            <>
              <button type="button" className="quiet" onClick={() => setNaming(true)}>
                {checkpoint.name ? 'Rename…' : 'Name…'}
              </button>
              <button type="button" className="quiet" onClick={() => setConfirming(true)}>
                Restore this version…
              </button>
            </>
          )}
        </div>
      )}
    </article>
  );
}

/** The second step of a restore, which changes the script for everyone; focused on arrival, so the keyboard lands on the choice. */
function ConfirmRestore({ checkpoint, onRestore, onCancel }: { checkpoint: CheckpointView; onRestore(): Promise<void>; onCancel(): void }) {
  const restoring = useAction();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="restore-confirm" role="group" aria-label="Confirm restore">
      <p>Restore {checkpointLabel(checkpoint)}? The script becomes this version for everyone; the text as it is now stays in the history.</p>
      <button type="button" className="danger" disabled={restoring.busy} onClick={() => void restoring.run(onRestore)}>
        Restore
      </button>{' '}
      <button ref={cancel} type="button" className="quiet" onClick={onCancel}>
        Cancel
      </button>
      {restoring.error && (
        <p className="error" role="alert">
          {restoring.error}
        </p>
      )}
    </div>
  );
}
