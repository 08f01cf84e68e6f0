/** What no file name should hold besides control characters: path separators and what Windows forbids. */
const UNSAFE_IN_FILE_NAMES = '/\\<>:"|?*';

/** Outside printable ASCII: only the UTF-8 `filename*` may carry it. */
const NOT_PRINTABLE_ASCII = /[^\u0020-\u007e]/g;

/** RFC 5987 attr-char: what a `filename*` value may hold unencoded. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/**
 * `Content-Disposition: attachment` naming the download after `title`
 * (`The Long Night.pdf`), as RFC 6266 asks: a plain `filename` for old
 * clients, with every character outside printable ASCII replaced by `_`,
 * and the exact name as UTF-8 in `filename*` (RFC 5987), which current
 * browsers prefer. Characters unsafe in file names are replaced in both,
 * so a title never names a folder; leading dots go too, so the
 * file is never hidden.
 */
export function attachmentDisposition(title: string, extension: string): string {
  const name = `${safeForFileNames(title).trim().replace(/^\.+/, '') || 'script'}.${extension}`;
  const fallback = name.replace(NOT_PRINTABLE_ASCII, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeAttrChars(name)}`;
}

/** `text` with control characters and UNSAFE_IN_FILE_NAMES replaced by `_`. */
function safeForFileNames(text: string): string {
  let safe = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    safe += code < 0x20 || code === 0x7f || UNSAFE_IN_FILE_NAMES.includes(char) ? '_' : char;
  }
  return safe;
}

function encodeAttrChars(value: string): string {
  let encoded = '';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    encoded += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
