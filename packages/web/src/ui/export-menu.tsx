import { useState } from 'react';

/** The formats a script downloads as, by what the server's export route calls them. */
const EXPORTS = [
  { label: 'PDF (US Letter)', query: 'format=pdf&paper=letter' },
  { label: 'PDF (A4)', query: 'format=pdf&paper=a4' },
  { label: 'Fountain (.fountain)', query: 'format=fountain' },
  { label: 'Final Draft (.fdx)', query: 'format=fdx' },
] as const;

/**
 * Downloads of the script: the server lays it out and names the file after
 * the title. Plain links, so the browser's own download handles them (and
 * the session cookie authenticates them); viewers export too. Comments stay
 * out of the file unless "Include comments" is ticked: then the open
 * threads go in as each format holds them (notes, ScriptNotes, a PDF appendix).
 */
export function ExportMenu({ scriptId }: { scriptId: string }) {
  const [withComments, setWithComments] = useState(false);
  return (
    <details className="export-menu">
      <summary>Export</summary>
      <div className="export-menu-panel">
        <label className="export-menu-comments">
          <input type="checkbox" checked={withComments} onChange={(event) => setWithComments(event.target.checked)} />
          Include comments
        </label>
        <ul aria-label="Export formats">
          {EXPORTS.map(({ label, query }) => (
            <li key={query}>
              <a href={`/api/scripts/${encodeURIComponent(scriptId)}/export?${query}${withComments ? '&comments=include' : ''}`} download>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
