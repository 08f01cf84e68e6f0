import type { ExitCodeValue } from './exit-codes.js';

/** Where the CLI writes: results on stdout, warnings and progress on stderr. */
export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** How often progress is shown at most; runs shorter than this show none. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Text or `--json` output of one command. With `--json`, stdout receives
 * exactly one JSON document (also for errors), so scripts can always parse
 * it; warnings and progress go to stderr in both modes, and warnings are
 * repeated in the document's `warnings`.
 */
export class Output {
  readonly #warnings: string[] = [];

  constructor(
    readonly json: boolean,
    readonly streams: Streams,
  ) {}

  warn(message: string): void {
    this.#warnings.push(message);
    this.streams.stderr.write(`warning: ${message}\n`);
  }

  /** A line for the human on stderr (never part of the result). */
  note(message: string): void {
    this.streams.stderr.write(`${message}\n`);
  }

  /** Prints the result: `fields` as JSON (with command, ok, exitCode, warnings) or `text()` as lines. */
  result(command: string, exitCode: ExitCodeValue, fields: Record<string, unknown>, text: () => string[]): void {
    if (this.json) {
      const document = { command, ok: exitCode === 0, exitCode, ...fields, warnings: this.#warnings };
      this.streams.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      const lines = text();
      if (lines.length > 0) this.streams.stdout.write(`${lines.join('\n')}\n`);
    }
  }

  /** An error that ended the command: on stderr, and as the JSON document with `--json`. */
  error(command: string, exitCode: ExitCodeValue, message: string): void {
    this.streams.stderr.write(`writersroom${command ? ` ${command}` : ''}: ${message}\n`);
    if (this.json) {
      const document = { command, ok: false, exitCode, error: message, warnings: this.#warnings };
      this.streams.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    }
  }

  /**
   * Reports `done/total` on stderr at most once a second (a rewritten line on
   * a terminal, plain lines otherwise); call `finish` at the end.
   */
  progress(label: string): { update(done: number, total: number): void; finish(): void } {
    const started = Date.now();
    let last = started;
    let shown = false;
    const tty = this.streams.stderr.isTTY === true;
    return {
      update: (done, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS) return;
        last = now;
        shown = true;
        const line = `${label}: ${done}/${total} (${Math.round((now - started) / 1000)} s)`;
        this.streams.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
      },
      finish: () => {
        if (shown && tty) this.streams.stderr.write('\n');
      },
    };
  }
}

/** Fixed-width columns; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatTime(date: Date | null | undefined): string {
  return date ? date.toISOString() : '-';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** A path or word as it must be typed into a POSIX shell. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
