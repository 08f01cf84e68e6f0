export {
  DOCUMENT_FRAGMENT,
  ELEMENT_TYPES,
  isPrinted,
  NON_PRINTING_ELEMENTS,
  type ElementType,
  type NonPrintingElementType,
  type PrintedElementType,
} from './element-types.js';
export {
  ELEMENT_ATTRIBUTE_NAMES,
  MAX_SECTION_DEPTH,
  validateElementAttribute,
  type DualDialogueSide,
  type ElementAttributeName,
  type ElementAttributes,
} from './element-attributes.js';
export { createElementNode, DocumentNode, elementNodes, TextNode } from './element-nodes.js';
export {
  flowOnEnter,
  flowOnParenthesis,
  flowOnShiftTab,
  flowOnTab,
  NEXT_ON_ENTER,
  TAB_ORDER,
  UPPERCASE_ELEMENTS,
  type FlowContext,
  type FlowStep,
  type TypedParenthesisStep,
  type TypingContext,
} from './element-flow.js';
export { SCREENPLAY_SCHEMA_VERSION, screenplayExtensions, screenplaySchema } from './screenplay-schema.js';
export { ContentFormatError } from './content-format-error.js';
export {
  describeUnstorableText,
  findUnstorableCharacter,
  findUnstorableJson,
  isStorableText,
  type UnstorableCharacter,
  type UnstorableTextAt,
} from './unstorable-text.js';
export {
  BLOCK_TYPE_TO_ELEMENT,
  ELEMENT_TO_BLOCK_TYPE,
  parseContentBlocks,
  type BlockType,
  type ContentBlock,
  type ContentBlockMetadata,
} from './content-blocks.js';
export {
  parseProsemirrorDocument,
  type ParseOptions,
  type ProsemirrorJson,
  type ProsemirrorMarkJson,
  type ProsemirrorNodeJson,
} from './parse-prosemirror-document.js';
export {
  contentBlocksToProsemirror,
  documentToContentBlocks,
  emptyScriptDocument,
  prosemirrorToContentBlocks,
} from './convert-content-blocks.js';
export { mergeContentBlocks } from './merge-content-blocks.js';
export {
  buildDocumentUpdate,
  buildRepairUpdate,
  buildSeedUpdate,
  readProsemirrorFromFragment,
  replaceFragmentContent,
  SEED_CLIENT_ID,
  writeProsemirrorToFragment,
} from './y-document.js';
export { LEGACY_CONTENT_ARRAY, readLegacyContent } from './legacy-content.js';
export { findSchemaViolations } from './schema-guard.js';
export {
  isTitlePageField,
  MAX_TITLE_PAGE_FIELD_LENGTH,
  readTitlePage,
  TITLE_PAGE_FIELDS,
  TITLE_PAGE_LABELS,
  TITLE_PAGE_MAP,
  titlePageFieldProblem,
  writeTitlePageField,
  type TitlePage,
  type TitlePageField,
} from './title-page.js';
export { applyUpdateStrictly, decodeUpdateStrictly, MalformedUpdateError } from './y-update-v1.js';
export * from './pages/index.js';
export * from './fountain/index.js';
export * from './fdx/index.js';
export {
  countElements,
  ScriptFormatError,
  type ImportedScript,
  type ImportNotice,
  type ImportReport,
  type ScriptFormat,
} from './formats/imported-script.js';
export { AnchorResolver, type ResolvedAnchor } from './comment-anchor.js';
export { compareVersions, type ComparedElement, type VersionComparison } from './history/compare-versions.js';
export { comparePoints, inReadingOrder, threadNoteText, type ExportedComment, type ExportedThread, type ScriptPoint } from './comments/exported-thread.js';
export { pageOfPoint } from './comments/page-of-point.js';
