import type { Script } from '../api/scripts.js';

/** "edited 6 Dec, 18:30 · 12 pages · Ann, Bo here now": what a writer wants to know of a script before opening it. */
export function ScriptFacts({ script }: { script: Script }) {
  const present = script.present ?? [];
  return (
    <span className="muted when script-facts">
      <span>edited {new Date(script.updatedAt).toLocaleString()}</span>
      <span data-testid="page-count">{pagesOf(script.pageCount)}</span>
      {present.length > 0 && <span className="present-now">{present.map((writer) => writer.name).join(', ')} here now</span>}
    </span>
  );
}

/** "—" until the script's history has its first checkpoint (the server counts pages there). */
function pagesOf(count: number | null | undefined): string {
  if (count === null || count === undefined) return '— pages';
  return count === 1 ? '1 page' : `${count} pages`;
}
