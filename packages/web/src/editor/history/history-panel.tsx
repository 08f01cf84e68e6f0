import { useCallback, useState } from 'react';
import { listCheckpoints, nameDraft } from '../../api/history.js';
import type { ScriptConnection } from '../../collab/script-connection.js';
import { TextForm } from '../panels/text-form.js';
import { useNoticedResource } from '../panels/use-noticed-resource.js';
import { CheckpointItem } from './checkpoint-item.js';
import { MAX_DRAFT_NAME_LENGTH } from './checkpoint-label.js';
import type { ShownVersion } from './version-view.js';
import './history.css';

interface HistoryPanelProps {
  scriptId: string;
  connection: Pick<ScriptConnection, 'onNotice' | 'isOpen'>;
  /** Editors and owners name drafts and restore; everyone can look. */
  canEdit: boolean;
  onShow(version: ShownVersion): void;
}

/** The script's checkpoints, newest first, and naming the current draft. Read again whenever the history changes. */
export function HistoryPanel({ scriptId, connection, canEdit, onShow }: HistoryPanelProps) {
  const { value: checkpoints, error, reload } = useNoticedResource(connection, 'history', useCallback(() => listCheckpoints(scriptId), [scriptId]));
  const [naming, setNaming] = useState(false);

  return (
    <section className="history-panel" aria-label="History">
      {canEdit &&
        (naming ? (
          <TextForm
            label="Name of this draft"
            submitLabel="Name draft"
            maxLength={MAX_DRAFT_NAME_LENGTH}
            onSubmit={async (name) => {
              await nameDraft(scriptId, name);
              setNaming(false);
              reload();
            }}
            onCancel={() => setNaming(false)}
          />
        ) : (
          <button type="button" className="quiet name-draft" onClick={() => setNaming(true)}>
            Name this draft…
          </button>
        ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!checkpoints ? (
        !error && <p className="muted">Loading the history…</p>
      ) : checkpoints.length === 0 ? (
        <p className="muted">No versions kept yet: they are taken as the script is written{canEdit ? ', or when you name a draft' : ''}.</p>
      ) : (
        <ol className="checkpoint-list">
          {checkpoints.map((checkpoint) => (
            <li key={checkpoint.checkpointId}>
              <CheckpointItem scriptId={scriptId} checkpoint={checkpoint} canEdit={canEdit} onShow={onShow} onChanged={reload} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
