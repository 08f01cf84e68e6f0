import { SaxesParser } from 'saxes';
import { ScriptFormatError } from '../formats/imported-script.js';

/** An element of a parsed XML file: its name, attributes, children in order, and where its start tag is. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: ReadonlyArray<XmlElement | string>;
  /** 1-based line of the start tag. */
  readonly line: number;
}

/**
 * Parses `xml` into a tree, refusing what an untrusted file could use
 * against the reader. saxes checks well-formedness, expands no entity
 * other than XML's five and character references, and never reads a file
 * or the network; on top of that:
 *
 * - a DOCTYPE that is more than a bare name is refused outright: entity
 *   declarations (general or parameter: XXE, "billion laughs"), an
 *   external identifier (SYSTEM/PUBLIC), any internal subset. Final Draft
 *   writes no DOCTYPE, so nothing real is lost;
 * - a reference to any other entity is refused (saxes calls it undefined).
 *
 * A leading byte order mark is skipped, line ends are normalised (CRLF to
 * LF) as XML requires, CDATA is text, comments and processing instructions
 * are dropped.
 *
 * The tree is built without recursion, and the readers recurse only into
 * a DualDialogue (never one inside another), so no nesting exhausts the stack.
 *
 * @throws ScriptFormatError('fdx', …, line, column) naming the first problem.
 */
export function readXmlTree(xml: string): XmlElement {
  if (!looksLikeXml(xml)) throw new ScriptFormatError('fdx', 'this is not an XML file, so not a Final Draft script (a .fdx file begins with <?xml or <FinalDraft)', 1, 1);
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const fail = (message: string): never => {
    throw new ScriptFormatError('fdx', message, parser.line, Math.max(1, parser.column));
  };
  const stack: Array<{ name: string; attributes: Record<string, string>; children: Array<XmlElement | string>; line: number }> = [];
  let root: XmlElement | undefined;
  let tagLine = 1;

  parser.on('error', (error) => fail(`the file is not well-formed XML: ${describeSaxesError(error.message)}`));
  parser.on('doctype', (doctype) => {
    const problem = doctypeProblem(doctype);
    if (problem !== undefined) fail(problem);
  });
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    stack.push({ name: tag.name, attributes: tag.attributes, children: [], line: tagLine });
  });
  parser.on('closetag', () => {
    const element = stack.pop()!;
    const parent = stack.at(-1);
    if (parent === undefined) root = element;
    else parent.children.push(element);
  });
  const addText = (text: string) => stack.at(-1)?.children.push(text);
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.write(xml).close();
  // saxes reports a file without a root element as an error, so there is one here.
  return root!;
}

/** Whether the first thing in the file (after a byte order mark and blanks) is markup. */
function looksLikeXml(xml: string): boolean {
  const start = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = xml.slice(start).trimStart().charAt(0);
  return first === '<';
}

/**
 * Why `doctype` (the declaration's text after `<!DOCTYPE`) is refused, or
 * undefined for a bare `<!DOCTYPE name>`, which declares nothing.
 */
function doctypeProblem(doctype: string): string | undefined {
  const words = doctype.trim().split(/\s+/);
  if (words.length === 1 && !doctype.includes('[')) return undefined;
  const refused = 'the file has a DOCTYPE that';
  const why = 'Final Draft writes none, and a reader that followed it could be made to read other files or expand text without limit';
  if (doctype.includes('<!ENTITY')) {
    const kind = doctype.includes('%') ? 'parameter entities' : 'entities';
    const external = doctype.includes('SYSTEM') || doctype.includes('PUBLIC') ? ' that point at external files' : '';
    return `${refused} declares ${kind}${external}, which is refused: ${why}`;
  }
  if (doctype.includes('SYSTEM') || doctype.includes('PUBLIC')) return `${refused} names an external document (SYSTEM or PUBLIC), which is refused: ${why}`;
  return `${refused} carries declarations, which are refused: ${why}`;
}

/** saxes' message in plain words where it has a terse one. */
function describeSaxesError(message: string): string {
  // saxes prefixes its own "line:column: "; ours goes at the end of the message.
  const bare = message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
  if (bare === 'undefined entity') return 'it refers to an entity XML does not define (a Final Draft file uses only &amp; &lt; &gt; &quot; &apos;); entities are never expanded';
  if (bare === 'malformed character entity') return 'a character reference (&#…;) names a character XML does not allow';
  return bare;
}
