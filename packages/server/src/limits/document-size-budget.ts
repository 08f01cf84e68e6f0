import * as Y from 'yjs';

/**
 * Keeps one loaded document within MAX_DOCUMENT_BYTES, measured as its
 * encoded state (what a new writer downloads, and what compaction stores).
 * Encoding a large document on every keystroke would cost more than the
 * keystroke, so the budget keeps an upper bound instead: the last exact
 * measure plus every change's bytes since. Only when that bound would pass
 * the limit is the document measured again, and only if it changed since
 * the last measure: a writer retrying at the limit costs nothing.
 */
export class DocumentSizeBudget {
  private measured: number | undefined;
  private grownSince = 0;

  constructor(
    private readonly doc: Y.Doc,
    readonly maxBytes: number,
  ) {}

  /** Whether a change of `bytes` that adds content may be applied. */
  allows(bytes: number): boolean {
    if (this.bound() + bytes <= this.maxBytes) return true;
    if (this.grownSince > 0) this.measure();
    return this.bound() + bytes <= this.maxBytes;
  }

  /** A change of `bytes` was applied (any change: deletions grow the encoded state a little too). */
  record(bytes: number): void {
    this.grownSince += bytes;
  }

  private bound(): number {
    this.measured ??= Y.encodeStateAsUpdate(this.doc).byteLength;
    return this.measured + this.grownSince;
  }

  private measure(): void {
    this.measured = Y.encodeStateAsUpdate(this.doc).byteLength;
    this.grownSince = 0;
  }
}
