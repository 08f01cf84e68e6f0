import type { Editor } from '@tiptap/core';
import { charactersOf } from '@writersroom/screenplay';
import { useMemo } from 'react';
import { jumpTo, usePageLayout } from '../pages/use-page-layout.js';

/** Who speaks, how often and in how many scenes, live; a click goes to the character's first cue. */
export function CharacterList({ editor }: { editor: Editor | null }) {
  const layout = usePageLayout(editor);
  const characters = useMemo(() => (layout ? charactersOf(layout.blocks) : []), [layout]);
  if (characters.length === 0) return <p className="muted">Nobody speaks yet.</p>;
  return (
    <table className="character-list" aria-label="Characters">
      <thead>
        <tr>
          <th scope="col">Character</th>
          <th scope="col">Speeches</th>
          <th scope="col">Scenes</th>
        </tr>
      </thead>
      <tbody>
        {characters.map((character) => (
          <tr key={character.name}>
            <th scope="row">
              <button type="button" className="quiet character-link" onClick={() => editor && layout && jumpTo(editor, layout.blockStarts[character.firstCue]! + 1)}>
                {character.name}
              </button>
            </th>
            <td>{character.speeches}</td>
            <td>{character.scenes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
