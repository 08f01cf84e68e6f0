import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * afterwriting's own page layout, run in this process to see why its page
 * count differs from ours: its Fountain parser (aw-parser) and the liner
 * its PDF export uses (`js/utils/liner.js`, which wraps each element to its
 * column and breaks pages), with its US Letter print profile
 * (`js/utils/print-profiles.js`), optionally with other column widths.
 * The liner and the profile are RequireJS modules; they are evaluated here
 * with a minimal `define` that hands them the two things they ask for.
 */

const require = createRequire(import.meta.url);
const AFTERWRITING_DIR = path.dirname(require.resolve('afterwriting/package.json'));

/** Column widths in characters, by afterwriting's element names. */
export type AfterwritingWidths = Partial<Record<'scene_heading' | 'action' | 'shot' | 'character' | 'parenthetical' | 'dialogue' | 'transition' | 'centered', number>>;

export interface AfterwritingLayout {
  pages: number;
  /** Rows each page's body fills, blank rows between elements included. */
  rowsPerPage: number[];
  /** Body rows of a page. */
  rowsPerPageLimit: number;
  /** The print profile's widths, after `widths` was applied. */
  widths: Required<AfterwritingWidths>;
}

interface AwLine {
  type: string;
}

interface PrintProfile extends Record<string, unknown> {
  lines_per_page: number;
}

/** A RequireJS module's export: its factory run with `dependencies` as what it requires. */
function loadDefine(file: string, dependencies: Readonly<Record<string, unknown>> = {}): unknown {
  let exported: unknown;
  const define = (...args: unknown[]) => {
    const factory = args.find((arg): arg is (require: (name: string) => unknown) => unknown => typeof arg === 'function');
    if (!factory) throw new Error(`${file} defines no module`);
    exported = factory((name) => {
      if (!(name in dependencies)) throw new Error(`${file} requires ${name}, which this loader does not provide`);
      return dependencies[name];
    });
  };
  new Function('define', readFileSync(path.join(AFTERWRITING_DIR, file), 'utf8'))(define);
  return exported;
}

function letterProfile(widths: AfterwritingWidths): PrintProfile {
  const profiles = loadDefine('js/utils/print-profiles.js', {
    'utils/browser': { url_params: () => ({}) },
    'utils/print-profile-util': {},
  }) as Record<string, PrintProfile>;
  const profile = structuredClone(profiles['usletter']!);
  for (const [element, max] of Object.entries(widths)) (profile[element] as { max: number }).max = max;
  return profile;
}

function widthsOf(profile: PrintProfile): Required<AfterwritingWidths> {
  const max = (element: string) => (profile[element] as { max: number }).max;
  return {
    scene_heading: max('scene_heading'),
    action: max('action'),
    shot: max('shot'),
    character: max('character'),
    parenthetical: max('parenthetical'),
    dialogue: max('dialogue'),
    transition: max('transition'),
    centered: max('centered'),
  };
}

/** The options afterwriting's PDF export parses with, its defaults. */
export const AFTERWRITING_PARSE_OPTIONS = {
  print_headers: true,
  print_actions: true,
  print_dialogues: true,
  print_notes: false,
  print_sections: false,
  print_synopsis: false,
  each_scene_on_new_page: false,
  double_space_between_scenes: false,
  use_dual_dialogue: true,
  merge_multiple_empty_lines: true,
} as const;

/**
 * Lays `fountain` out as afterwriting's PDF export does with its defaults
 * (US Letter, dialogue split across pages, empty lines merged), except for
 * `widths`. Title page not counted.
 */
export function afterwritingLayout(fountain: string, widths: AfterwritingWidths = {}): AfterwritingLayout {
  const parser = require('aw-parser') as { parser: { parse(text: string, cfg: object): { tokens: unknown[] } }; helpers: unknown };
  const Liner = loadDefine('js/utils/liner.js') as new (helpers: unknown) => { line(tokens: unknown[], cfg: object): AwLine[] };
  const profile = letterProfile(widths);
  const parsed = parser.parser.parse(fountain, AFTERWRITING_PARSE_OPTIONS);
  const lines = new Liner(parser.helpers).line(parsed.tokens, { print: profile, text_more: '(MORE)', text_contd: "(CONT'D)", split_dialogue: true });
  return { ...rowsOfPages(lines), rowsPerPageLimit: profile.lines_per_page, widths: widthsOf(profile) };
}

/** The liner's output is one list of lines with a `page_break` line after each page but the last. */
export function rowsOfPages(lines: readonly AwLine[]): { pages: number; rowsPerPage: number[] } {
  const rowsPerPage = [0];
  for (const line of lines) {
    if (line.type === 'page_break') rowsPerPage.push(0);
    else rowsPerPage[rowsPerPage.length - 1]! += 1;
  }
  return { pages: rowsPerPage.length, rowsPerPage };
}
