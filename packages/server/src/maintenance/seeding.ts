import { ContentFormatError, buildSeedUpdate, parseContentBlocks } from '@writersroom/screenplay';
import { WritersRoomError } from '../errors.js';
import type { ScriptId, Storage } from '../storage/storage.js';

/**
 * Seeds a script's document from its `content_blocks` when it has no Yjs rows
 * yet: server-side only, under the storage's per-script lock, with the fixed
 * seeding client id, and stored before anyone is served. Two servers (or two
 * attempts) seeding the same content produce the same Yjs items, so the
 * content can never appear twice. Clients never seed.
 *
 * @throws WR_ERR_SCRIPT_DAMAGED when the stored content_blocks are not valid screenplay content.
 */
export async function seedFromContentBlocks(storage: Pick<Storage, 'seedIfEmpty'>, scriptId: ScriptId): Promise<boolean> {
  try {
    const { seeded } = await storage.seedIfEmpty(scriptId, (stored) =>
      stored && stored.length > 0 ? buildSeedUpdate(parseContentBlocks(stored)) : undefined,
    );
    return seeded;
  } catch (error) {
    if (error instanceof ContentFormatError) {
      throw new WritersRoomError('WR_ERR_SCRIPT_DAMAGED', `Script ${scriptId} has invalid content_blocks: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
