/**
 * Default largest frame the server accepts, in bytes. A 120-page screenplay's
 * full Yjs state is a few hundred KiB; a client's first sync step 2 after a
 * long offline session can carry all of it, so leave generous headroom.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
