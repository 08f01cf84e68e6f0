import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The four faces the marks of a screenplay need (bold, italic, both). */
export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

/**
 * Courier Prime (SIL Open Font License), the screenwriters' Courier: the
 * whole font as Google Fonts publishes it, one TrueType file per face, from
 * @expo-google-fonts/courier-prime. (@fontsource/courier-prime ships the
 * same design cut into Latin and Latin Extended subsets as web fonts; a PDF
 * face takes one file, so Latin Extended letters would have been lost.)
 */
const FILES: Readonly<Record<Face, string>> = {
  regular: '400Regular/CourierPrime_400Regular.ttf',
  bold: '700Bold/CourierPrime_700Bold.ttf',
  italic: '400Regular_Italic/CourierPrime_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/CourierPrime_700Bold_Italic.ttf',
};

const resolve = createRequire(import.meta.url).resolve;
let loaded: Readonly<Record<Face, Buffer>> | undefined;

/**
 * The TrueType bytes of each face, read from the package once per process
 * (about 290 KB in all; a PDF embeds only the glyphs it uses).
 *
 * @throws Error when the package is not installed (an incomplete `npm ci`).
 */
export function courierPrimeFaces(): Readonly<Record<Face, Buffer>> {
  loaded ??= {
    regular: read('regular'),
    bold: read('bold'),
    italic: read('italic'),
    boldItalic: read('boldItalic'),
  };
  return loaded;
}

function read(face: Face): Buffer {
  return readFileSync(resolve(`@expo-google-fonts/courier-prime/${FILES[face]}`));
}
