import type { ComparedElement, VersionComparison } from '../../api/history.js';
import { changeNotes } from './change-notes.js';

const STATUS_WORDS: Record<ComparedElement['status'], string> = { same: '', added: 'Added', removed: 'Removed', changed: 'Changed' };

/** "3 added, 2 removed, 5 changed", or that nothing changed. */
export function comparisonSummary({ added, removed, changed }: VersionComparison): string {
  if (added + removed + changed === 0) return 'No differences: the script is the same as this version.';
  return `${added} added, ${removed} removed, ${changed} changed`;
}

/**
 * The comparison element by element, on a page like the script's: added
 * elements green, removed ones red and struck through, changed ones with
 * their words marked inside (<ins>/<del>, which screen readers announce)
 * and, below them, what else changed (a scene number, bold).
 */
export function ComparisonView({ comparison }: { comparison: VersionComparison }) {
  return (
    <>
      <p className="comparison-summary" role="status">
        {comparisonSummary(comparison)}
      </p>
      <div className="screenplay-page">
        <div className="screenplay version-comparison">
          {comparison.elements.map((element, index) => (
            <Compared key={index} element={element} />
          ))}
        </div>
      </div>
    </>
  );
}

function Compared({ element }: { element: ComparedElement }) {
  const status = STATUS_WORDS[element.status];
  const retyped = element.previousType && element.previousType !== element.type ? `was ${element.previousType}` : undefined;
  const notes = changeNotes(element);
  return (
    <p data-element={element.type} data-status={element.status} className={`compared ${element.status}`} title={[status, retyped, ...notes].filter(Boolean).join(', ') || undefined}>
      {element.status === 'changed' && element.words ? <Words words={element.words} /> : element.status === 'removed' ? <del>{element.before}</del> : element.status === 'added' ? <ins>{element.after}</ins> : element.after ?? element.before}
      {notes.length > 0 && <span className="compared-note">{notes.join('; ')}</span>}
    </p>
  );
}

function Words({ words }: { words: NonNullable<ComparedElement['words']> }) {
  return (
    <>
      {words.map((word, index) =>
        word.op === 'added' ? <ins key={index}>{word.text}</ins> : word.op === 'removed' ? <del key={index}>{word.text}</del> : <span key={index}>{word.text}</span>,
      )}
    </>
  );
}
