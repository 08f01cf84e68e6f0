/**
 * Text as XML 1.0 can carry it. Characters XML 1.0 cannot hold at all,
 * not even as a character reference (control characters other than tab,
 * newline and carriage return, lone surrogates, U+FFFE and U+FFFF), become
 * U+FFFD: a script's storage already refuses all of them but the last two
 * (unstorable-text.ts), and a file a reader refuses would lose everything.
 */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// Attribute values lose tabs and line ends to XML's normalisation unless written as references.
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** `text` as element content: markup characters escaped (`>` too, so `]]>` cannot appear). */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '\uFFFD').replace(/[&<>\r]/g, (character) => TEXT_ESCAPES[character]!);
}

/** `value` inside double quotes: markup characters escaped, tabs and line ends as character references. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(NOT_XML_CHARACTER, '\uFFFD').replace(/[&<>"\t\n\r]/g, (character) => ATTRIBUTE_ESCAPES[character]!);
}
