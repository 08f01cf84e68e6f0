import {
  DOCUMENT_FRAGMENT,
  mergeContentBlocks,
  readProsemirrorFromFragment,
  type ContentBlock,
  type ProsemirrorJson,
  type TitlePage,
} from '@writersroom/screenplay';
import type * as Y from 'yjs';
import { projectDocument } from '../maintenance/projection.js';
import type { ScriptId, UserId } from '../storage/storage.js';
import type { RoomRegistry } from './room-registry.js';

/**
 * Reading and writing a script's content outside a socket (REST). Both go
 * through the live document, so REST sees exactly what the editor shows and
 * a REST write is one more edit, merged with whatever writers are typing.
 */
export interface DocumentAccess {
  /** The current content, loading (and if needed seeding or repairing) the script. */
  read(scriptId: ScriptId): Promise<ContentBlock[]>;
  /**
   * What `reader` makes of the current document, loaded as `read` loads it.
   * `reader` runs synchronously while the script is held, so no edit lands
   * halfway through; it must not keep the document, which may be unloaded
   * once it returns.
   */
  readWith<T>(scriptId: ScriptId, reader: (doc: Y.Doc) => T): Promise<T>;
  /** Makes the content `blocks` as an edit by `userId`; resolves once it is durable, with the content after it. */
  replace(scriptId: ScriptId, blocks: ContentBlock[], userId: UserId): Promise<ContentBlock[]>;
  /**
   * Makes the whole document (elements, marks, title page) `content` as one
   * edit by `userId` (a restore from history: a forward edit, no new
   * generation); once it is durable, runs `then` on the document as the
   * edit left it, synchronously, as `readWith` runs its reader.
   */
  restore<T>(scriptId: ScriptId, content: { document: ProsemirrorJson; titlePage: TitlePage }, userId: UserId, then: (doc: Y.Doc) => T): Promise<T>;
}

export class RoomDocumentAccess implements DocumentAccess {
  constructor(private readonly registry: RoomRegistry) {}

  read(scriptId: ScriptId): Promise<ContentBlock[]> {
    return this.readWith(scriptId, projectDocument);
  }

  async readWith<T>(scriptId: ScriptId, reader: (doc: Y.Doc) => T): Promise<T> {
    const { room } = await this.registry.acquire(scriptId);
    try {
      return reader(room.doc);
    } finally {
      this.registry.release(room);
    }
  }

  async replace(scriptId: ScriptId, blocks: ContentBlock[], userId: UserId): Promise<ContentBlock[]> {
    const { room } = await this.registry.acquire(scriptId);
    try {
      // Blocks the write leaves unchanged keep their current form, marks included (the projection has no marks).
      const current = readProsemirrorFromFragment(room.doc.getXmlFragment(DOCUMENT_FRAGMENT));
      room.replaceContent(mergeContentBlocks(current, blocks), { kind: 'rest', userId });
      await room.writesSettled();
      return projectDocument(room.doc);
    } finally {
      this.registry.release(room);
    }
  }

  async restore<T>(scriptId: ScriptId, content: { document: ProsemirrorJson; titlePage: TitlePage }, userId: UserId, then: (doc: Y.Doc) => T): Promise<T> {
    const { room } = await this.registry.acquire(scriptId);
    try {
      room.replaceContent(content.document, { kind: 'rest', userId }, content.titlePage);
      await room.writesSettled();
      return then(room.doc);
    } finally {
      this.registry.release(room);
    }
  }
}
