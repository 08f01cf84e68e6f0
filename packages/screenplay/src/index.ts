export { DOCUMENT_FRAGMENT, ELEMENT_TYPES, type ElementType } from './element-types.js';
