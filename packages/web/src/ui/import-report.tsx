import type { ElementType, ImportReport } from '@writersroom/screenplay';

/** Element names as writers say them, in the order a report lists them. */
const ELEMENT_NAMES: ReadonlyArray<[ElementType, string, string]> = [
  ['sceneHeading', 'scene heading', 'scene headings'],
  ['action', 'action', 'action'],
  ['character', 'character cue', 'character cues'],
  ['dialogue', 'dialogue', 'dialogue'],
  ['parenthetical', 'parenthetical', 'parentheticals'],
  ['transition', 'transition', 'transitions'],
  ['shot', 'shot', 'shots'],
  ['centered', 'centered line', 'centered lines'],
  ['general', 'general text', 'general text'],
  ['lyrics', 'lyric', 'lyrics'],
  ['section', 'section', 'sections'],
  ['synopsis', 'synopsis', 'synopses'],
  ['note', 'note', 'notes'],
  ['boneyard', 'boneyard passage', 'boneyard passages'],
];

/** What an import made, in words: "12 scene headings, 40 action, …". */
export function describeElements(report: ImportReport): string {
  const parts = ELEMENT_NAMES.flatMap(([type, one, many]) => {
    const count = report.elements[type] ?? 0;
    return count === 0 ? [] : [`${count} ${count === 1 ? one : many}`];
  });
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/**
 * The import report, shown once after a file became a script (or replaced
 * one): what it holds now, and everything converted or dropped on the way,
 * so nothing is lost silently.
 */
export function ImportReportNotice({ report, onDismiss }: { report: ImportReport; onDismiss: () => void }) {
  const doubtfulPages = (report.pages ?? []).filter((page) => page.unclassified > 0);
  return (
    <section className="import-report" role="status" aria-label="Import report">
      <p>
        Imported from {report.format === 'fdx' ? 'Final Draft' : report.format === 'pdf' ? 'PDF' : 'Fountain'}: {describeElements(report)}
        {report.titlePageFields > 0 ? `, and a title page of ${report.titlePageFields} field${report.titlePageFields === 1 ? '' : 's'}` : ''}.
      </p>
      {(report.notices.length > 0 || doubtfulPages.length > 0) && (
        <ul>
          {report.notices.map((notice) => (
            <li key={notice.message}>
              {notice.message}
              {notice.count > 1 ? ` (${notice.count} times)` : ''}
              {notice.line !== undefined ? ` — first at line ${notice.line}` : ''}
            </li>
          ))}
          {doubtfulPages.map((page) => (
            <li key={`page-${page.page}`}>
              Page {page.page}: {page.unclassified} line{page.unclassified === 1 ? '' : 's'} read as action for want of a clearer reading (
              {Math.round(page.confidence * 100)}% sure of the page).
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
