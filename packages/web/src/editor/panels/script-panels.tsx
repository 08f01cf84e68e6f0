import type { Editor } from '@tiptap/core';
import { useState } from 'react';
import type { ScriptConnection } from '../../collab/script-connection.js';
import { CommentButton } from '../comments/comment-button.js';
import { CommentsPanel, type DraftComment } from '../comments/comments-panel.js';
import type { CommentPermissions } from '../comments/comment-thread.js';
import { useCommentThreads } from '../comments/use-comment-threads.js';
import { HistoryPanel } from '../history/history-panel.js';
import type { ShownVersion } from '../history/version-view.js';
import { CharacterList } from './character-list.js';
import { SceneNavigator } from './scene-navigator.js';
import { TitlePageForm } from './title-page-form.js';
import './script-panels.css';

const TABS = [
  { id: 'scenes', name: 'Scenes' },
  { id: 'characters', name: 'Characters' },
  { id: 'title-page', name: 'Title page' },
  { id: 'comments', name: 'Comments' },
  { id: 'history', name: 'History' },
] as const;

type Tab = (typeof TABS)[number]['id'];

interface ScriptPanelsProps {
  editor: Editor | null;
  connection: ScriptConnection;
  scriptId: string;
  scriptTitle: string;
  /** The text cannot be changed from here (viewers, commenters, or before the server's state is in). */
  readOnly: boolean;
  /** Who the writer is and what they may do with comments. */
  may: CommentPermissions;
  /** Editors and owners: name drafts and restore them. */
  canEdit: boolean;
  /** Shows an earlier version in the page's place. */
  onShowVersion(version: ShownVersion): void;
}

/**
 * Beside the page: the scene navigator, the character list, the title page,
 * the comments and the history, one at a time; and "Comment" for the text
 * selected on the page, whichever panel is shown.
 */
export function ScriptPanels(props: ScriptPanelsProps) {
  const [tab, setTab] = useState<Tab>('scenes');
  const comments = useCommentThreads(props.scriptId, props.connection, props.editor);
  const [draft, setDraft] = useState<DraftComment | null>(null);
  const startComment = (next: DraftComment) => {
    setDraft(next);
    setTab('comments');
  };
  return (
    <aside className="script-panels" aria-label="Script panels">
      <div className="panel-tabs" role="tablist" aria-label="Panels">
        {TABS.map(({ id, name }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`panel-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            className={tab === id ? 'panel-tab current' : 'panel-tab'}
            onClick={() => setTab(id)}
          >
            {name}
          </button>
        ))}
      </div>
      {props.may.canComment && (
        <div className="panel-actions">
          <CommentButton editor={props.editor} onStart={startComment} />
        </div>
      )}
      <div className="panel-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`panel-tab-${tab}`}>
        {tab === 'scenes' && <SceneNavigator editor={props.editor} readOnly={props.readOnly} />}
        {tab === 'characters' && <CharacterList editor={props.editor} />}
        {tab === 'title-page' && <TitlePageForm doc={props.connection.doc} scriptTitle={props.scriptTitle} readOnly={props.readOnly} />}
        {tab === 'comments' && (
          <CommentsPanel scriptId={props.scriptId} editor={props.editor} comments={comments} may={props.may} draft={draft} onDraftClosed={() => setDraft(null)} />
        )}
        {tab === 'history' && <HistoryPanel scriptId={props.scriptId} connection={props.connection} canEdit={props.canEdit} onShow={props.onShowVersion} />}
      </div>
    </aside>
  );
}
