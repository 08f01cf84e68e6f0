import { layOutTitlePage, pageOfPoint, paginate, scenesOf, type ExportedThread, type Paper, type PrintableScript, type SceneSummary } from '@writersroom/screenplay';
import { layOutCommentsAppendix } from './comments-appendix.js';
import { drawScreenplayPdf } from './screenplay-pdf.js';

/** What the script's row adds to its document: the name it is listed under, and when it last changed. */
export interface ScriptRow {
  title: string;
  updatedAt: Date;
}

/**
 * The PDF of a script: its title page, then its pages as the pagination
 * engine breaks them (the editor's page breaks), with a bookmark per scene
 * (`12  INT. KITCHEN - NIGHT`) and the title page's title and authors as
 * the document's Title and Author (the script's name when the title page
 * has no title). Dated with the row's `updatedAt`, so exporting an
 * unchanged script again gives the same bytes. The REST route and the CLI
 * both print through here. `comments`, when given, are printed after the
 * last page as an appendix (comments-appendix.ts); the script's pages are
 * the same with or without it.
 */
export function scriptPdf(script: Pick<PrintableScript, 'blocks' | 'titlePage'>, row: ScriptRow, paper: Paper, comments?: readonly ExportedThread[]): Promise<Buffer> {
  const pagination = paginate(script.blocks, { paper });
  const appendix = comments && { title: 'Comments', pages: layOutCommentsAppendix(comments, (point) => pageOfPoint(pagination.pages, point), paper) };
  return drawScreenplayPdf({
    paper,
    titlePage: layOutTitlePage(script.titlePage, { paper, fallbackTitle: row.title }),
    pages: pagination.pages,
    bookmarks: scenesOf(pagination, script.blocks).map((scene) => ({ title: bookmarkTitle(scene), page: scene.page })),
    ...(appendix ? { appendix } : {}),
    info: {
      title: oneLine(script.titlePage.title, ' ') ?? row.title,
      author: oneLine(script.titlePage.authors, ', '),
      date: row.updatedAt,
    },
  });
}

function bookmarkTitle(scene: SceneSummary): string {
  return scene.number ? `${scene.number}  ${scene.heading}` : scene.heading;
}

/** A field's lines as one line (the information dictionary holds no line breaks), or undefined when it has none. */
function oneLine(field: string | undefined, separator: string): string | undefined {
  const lines = (field ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.length === 0 ? undefined : lines.join(separator);
}
