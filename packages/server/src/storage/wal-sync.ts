import { open, type FileHandle } from 'node:fs/promises';

/**
 * Makes a SQLite database's committed transactions durable by an fdatasync
 * of its write-ahead log, on libuv's thread pool: the event loop (every
 * socket's fan-out) goes on while the disk syncs.
 *
 * With `synchronous=NORMAL` a WAL commit appends its frames with write() and
 * returns; the frames are in the page cache, safe from a killed process but
 * not from power loss. Once an fdatasync of the WAL that began after the
 * commit returned, the commit is on stable storage, as `synchronous=FULL`
 * would have made it inside the commit (SQLite's FULL is that same
 * fdatasync of the WAL, done on the committing thread).
 *
 * Commits share syncs: a caller waits for one sync that begins after its
 * call. While a sync runs, every caller waits for the one after it, so at most
 * one sync runs and one is queued, however many commits there are.
 */
export class WalSync {
  readonly #walFile: string;
  #handle: Promise<FileHandle> | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  /** `databaseFile` is the SQLite file; its log is `<databaseFile>-wal`. */
  constructor(databaseFile: string) {
    this.#walFile = `${databaseFile}-wal`;
  }

  /** Resolves when everything committed before this call is on stable storage. @throws the fdatasync's error (EIO: nothing is promised). */
  sync(): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;
    if (this.#running === undefined) return this.#start();
    // The running sync may have begun before this caller's commit wrote its frames: wait for the next.
    const queued = this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    this.#queued = queued;
    return queued;
  }

  /** Closes the log's file handle (after the sync in flight, if any). */
  async close(): Promise<void> {
    await Promise.allSettled([this.#running, this.#queued]);
    const handle = this.#handle;
    this.#handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }

  #start(): Promise<void> {
    const running = this.#fileHandle().then((handle) => handle.datasync());
    this.#running = running;
    const settled = () => {
      if (this.#running === running) this.#running = undefined;
    };
    running.then(settled, settled);
    return running;
  }

  /** Opened once, read-only: an fdatasync through any descriptor flushes the file's pages. */
  #fileHandle(): Promise<FileHandle> {
    this.#handle ??= open(this.#walFile, 'r');
    const handle = this.#handle;
    // A failed open (the log not there yet) is tried again by the next sync.
    handle.catch(() => {
      if (this.#handle === handle) this.#handle = undefined;
    });
    return handle;
  }
}
