export { layoutBlockOf, layoutBlocksOf, type LayoutBlock, type StyleSpan, type TextStyle } from './layout-block.js';
export {
  COLUMNS_PER_INCH,
  DUAL_COLUMNS,
  ELEMENT_COLUMNS,
  PAGE_NUMBER_ROW,
  PAPERS,
  RIGHT_EDGE_COLUMN,
  ROWS_PER_INCH,
  TOP_MARGIN_IN,
  type ElementColumn,
  type Paper,
  type PaperSize,
} from './page-geometry.js';
export { bodyRowsUsed, paginate, Paginator, type Page, type PagedLine, type PagedLineKind, type PagePosition, type Pagination, type PaginationOptions } from './paginate.js';
export { charactersOf, type CharacterSummary } from './characters.js';
export { scenesOf, type SceneSummary } from './scenes.js';
export { addsParentheses } from './element-lines.js';
export { speakerOf } from './flow-units.js';
export { numberScenes } from './scene-numbers.js';
export { wrapText, type WrappedLine } from './word-wrap.js';
export { printableScriptOf, type PrintableScript } from './printable-script.js';
export { layOutTitlePage } from './title-page-layout.js';
