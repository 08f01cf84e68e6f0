import { PAPERS, type Paper } from '@writersroom/screenplay';

/** The papers a script prints on ([PG1]), by the names the export route and the CLI take. */
export const PAPER_NAMES = Object.keys(PAPERS) as [Paper, ...Paper[]];
