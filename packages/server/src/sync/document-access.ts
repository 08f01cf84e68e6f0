import { DOCUMENT_FRAGMENT, mergeContentBlocks, readProsemirrorFromFragment, type ContentBlock } from '@writersroom/screenplay';
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
  /** Makes the content `blocks` as an edit by `userId`; resolves once it is durable, with the content after it. */
  replace(scriptId: ScriptId, blocks: ContentBlock[], userId: UserId): Promise<ContentBlock[]>;
}

export class RoomDocumentAccess implements DocumentAccess {
  constructor(private readonly registry: RoomRegistry) {}

  async read(scriptId: ScriptId): Promise<ContentBlock[]> {
    const { room } = await this.registry.acquire(scriptId);
    try {
      return projectDocument(room.doc);
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
}
