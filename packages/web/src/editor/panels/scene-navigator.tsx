import type { Editor } from '@tiptap/core';
import { scenesOf } from '@writersroom/screenplay';
import { useMemo, useState } from 'react';
import { jumpTo, usePageLayout } from '../pages/use-page-layout.js';
import { useCaretBlock } from './use-caret-block.js';
import { numberSceneHeadings, removeSceneNumbers } from './scene-numbering.js';

/** A length in eighths of a page as schedules write it: `3/8`, `1`, `1 5/8`. */
export function formatEighths(eighths: number): string {
  const pages = Math.floor(eighths / 8);
  const rest = eighths % 8;
  if (rest === 0) return String(pages);
  return pages === 0 ? `${rest}/8` : `${pages} ${rest}/8`;
}

/**
 * Every scene of the script, live: number, heading, the page it starts on
 * and its length in eighths. A click puts the caret on the heading; the
 * scene the caret is in is marked current. Writers (not viewers) can number
 * the scenes here.
 */
export function SceneNavigator({ editor, readOnly }: { editor: Editor | null; readOnly: boolean }) {
  const layout = usePageLayout(editor);
  const scenes = useMemo(() => (layout ? scenesOf(layout.pagination, layout.blocks) : []), [layout]);
  const caretBlock = useCaretBlock(editor, layout);
  const current = scenes.findLastIndex((scene) => scene.block <= caretBlock);
  const [lock, setLock] = useState(true);

  return (
    <section className="scene-navigator" aria-label="Scenes">
      {scenes.length === 0 ? (
        <p className="muted">No scenes yet: a scene heading (INT. or EXT.) starts one.</p>
      ) : (
        <ol className="scene-list">
          {scenes.map((scene, index) => (
            <li key={scene.block}>
              <button
                type="button"
                className="scene-link"
                aria-current={index === current ? 'location' : undefined}
                onClick={() => editor && layout && jumpTo(editor, layout.blockStarts[scene.block]! + 1)}
              >
                <span className="scene-number">{scene.number ?? ''}</span>
                <span className="scene-heading">{scene.heading || 'Untitled scene'}</span>
                <span className="scene-where">
                  p. {scene.page} · {formatEighths(scene.eighths)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {!readOnly && editor && (
        <div className="scene-numbering">
          <button type="button" className="quiet" onClick={() => numberSceneHeadings(editor, { lock })} disabled={scenes.length === 0}>
            Number scenes
          </button>
          <label className="inline">
            <input type="checkbox" checked={lock} onChange={(event) => setLock(event.target.checked)} /> Keep existing numbers
          </label>
          <button type="button" className="quiet" onClick={() => removeSceneNumbers(editor)} disabled={!scenes.some((scene) => scene.number)}>
            Remove numbers
          </button>
        </div>
      )}
    </section>
  );
}
