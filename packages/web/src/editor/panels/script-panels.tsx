import type { Editor } from '@tiptap/core';
import { useState } from 'react';
import type * as Y from 'yjs';
import { CharacterList } from './character-list.js';
import { SceneNavigator } from './scene-navigator.js';
import { TitlePageForm } from './title-page-form.js';
import './script-panels.css';

const TABS = [
  { id: 'scenes', name: 'Scenes' },
  { id: 'characters', name: 'Characters' },
  { id: 'title-page', name: 'Title page' },
] as const;

type Tab = (typeof TABS)[number]['id'];

/** Beside the page: the scene navigator, the character list and the title page, one at a time. */
export function ScriptPanels(props: { editor: Editor | null; doc: Y.Doc; scriptTitle: string; readOnly: boolean }) {
  const [tab, setTab] = useState<Tab>('scenes');
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
      <div className="panel-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`panel-tab-${tab}`}>
        {tab === 'scenes' && <SceneNavigator editor={props.editor} readOnly={props.readOnly} />}
        {tab === 'characters' && <CharacterList editor={props.editor} />}
        {tab === 'title-page' && <TitlePageForm doc={props.doc} scriptTitle={props.scriptTitle} readOnly={props.readOnly} />}
      </div>
    </aside>
  );
}
