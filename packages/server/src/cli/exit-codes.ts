/**
 * Exit codes of `writersroom`, the contract scripts rely on (documented in
 * `writersroom --help`). Never renumbered.
 */
export const ExitCode = {
  /** Done; for `diagnose`: no problem found. */
  Ok: 0,
  /** `diagnose` found problems, or a command refused to act (unsafe, not found, invalid export file). */
  Problems: 1,
  /** Bad arguments or bad configuration variables: nothing was attempted. */
  Usage: 2,
  /** The database could not be reached (or, for SQLite, its file does not exist). */
  CannotConnect: 3,
  /** An unexpected error after connecting (a database error mid-run, a bug). */
  Failed: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one message and a documented exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(ExitCode.Usage, message);
export const refusal = (message: string) => new CliError(ExitCode.Problems, message);

/** The message of anything thrown (every cause of an AggregateError, as pg's connection errors are). */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorMessage).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
