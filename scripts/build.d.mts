// Types of scripts/build.mjs (plain JavaScript: it runs before anything is compiled), for its tests.
export interface Target {
  name: string;
  description: string;
  /** Files and folders (walked) relative to the root; test files are left out. */
  inputs: string[];
  /** The file whose absence means "not built". */
  output: string;
  /** Where the inputs' hash of the last good build is written. */
  stamp: string;
  build(root: string): Promise<void>;
}
export const ROOT: string;
export const TARGETS: { web: Target; server: Target };
export function inputHash(target: Target, root?: string): string;
export function freshness(target: Target, root?: string): { fresh: boolean; reason: string; hash: string };
export function build(target: Target, root?: string): Promise<void>;
