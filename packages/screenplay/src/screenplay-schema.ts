import { getSchema } from '@tiptap/core';
import type { Extensions } from '@tiptap/core';
import { Bold } from '@tiptap/extension-bold';
import { Italic } from '@tiptap/extension-italic';
import { Underline } from '@tiptap/extension-underline';
import type { Schema } from '@tiptap/pm/model';
import { DocumentNode, elementNodes, TextNode } from './element-nodes.js';

/**
 * Everything that defines a screenplay document: the doc and text nodes, the
 * elements and the bold/italic/underline marks. The web editor passes
 * this array to TipTap together with Collaboration (and its own behaviour
 * extensions, which must not add nodes, marks or attributes: the server
 * rejects updates carrying anything this schema does not know).
 */
export const screenplayExtensions: Extensions = [DocumentNode, TextNode, ...elementNodes, Bold, Italic, Underline];

/**
 * The ProseMirror schema of `screenplayExtensions`, built without a DOM (safe
 * on the server and in the CLI). Node and mark order follows the extensions.
 */
export const screenplaySchema: Schema = getSchema(screenplayExtensions);

/**
 * The version of this schema, raised whenever an element, attribute or mark
 * is added: an editor built with an older schema deletes what it does not
 * know from the shared document (y-prosemirror drops nodes outside its
 * schema), so the web client names its version on the socket and the server
 * refuses an older one (PROTOCOL.md, 4426). 1: the nine elements; 2: lyrics,
 * the outline (section, synopsis), notes and the boneyard.
 */
export const SCREENPLAY_SCHEMA_VERSION = 2;
