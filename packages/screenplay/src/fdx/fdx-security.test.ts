import { describe, expect, it } from 'vitest';
import { ScriptFormatError } from '../formats/imported-script.js';
import { parseFdx } from './parse-fdx.js';

/** The ScriptFormatError `parseFdx(xml)` throws (the test fails if it returns). */
function refusal(xml: string): ScriptFormatError {
  try {
    parseFdx(xml);
  } catch (error) {
    if (error instanceof ScriptFormatError) return error;
    throw error;
  }
  throw new Error('parseFdx accepted the file');
}

const script = (body: string, declaration = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${declaration}\n<FinalDraft DocumentType="Script" Template="No" Version="5"><Content>${body}</Content></FinalDraft>`;
const paragraph = (type: string, text: string) => `<Paragraph Type="${type}"><Text>${text}</Text></Paragraph>`;
const action = (text: string) => paragraph('Action', text);

describe('parseFdx refuses what a hostile file could do', () => {
  // Breakage: with the doctype handler doing nothing, saxes skips the declarations: the XXE and billion-laughs
  // files were refused only later, for an undefined entity at the reference, and the DOCTYPEs below were accepted.
  it('refuses an external entity (XXE) at its DOCTYPE, before anything is read', () => {
    const error = refusal('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<FinalDraft DocumentType="Script"><Content>' + action('&e;') + '</Content></FinalDraft>');
    expect(error.format).toBe('fdx');
    expect(error.message).toMatch(/^the file has a DOCTYPE that declares entities that point at external files, which is refused/);
    expect([error.line, error.column]).toEqual([2, 54]);
  });

  it('refuses entity expansion ("billion laughs") at its DOCTYPE', () => {
    const laughs = [
      '<!DOCTYPE lolz [',
      '  <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, level) => `  <!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`),
      ']>',
    ].join('\n');
    const error = refusal(`<?xml version="1.0"?>\n${laughs}\n<FinalDraft DocumentType="Script"><Content>${action('&lol9;')}</Content></FinalDraft>`);
    expect(error.message).toMatch(/^the file has a DOCTYPE that declares entities, which is refused/);
    expect(error.line).toBe(13);
  });

  it('refuses a parameter entity, and an external DTD without one', () => {
    expect(refusal('<!DOCTYPE x [<!ENTITY % pe SYSTEM "http://example.com/evil.dtd"> %pe;]><FinalDraft/>').message).toMatch(
      /declares parameter entities that point at external files/,
    );
    expect(refusal('<!DOCTYPE FinalDraft SYSTEM "http://example.com/fd.dtd"><FinalDraft/>').message).toMatch(/names an external document \(SYSTEM or PUBLIC\)/);
    expect(refusal('<!DOCTYPE FinalDraft [<!ELEMENT FinalDraft ANY>]><FinalDraft/>').message).toMatch(/carries declarations/);
  });

  it('accepts a bare DOCTYPE, which declares nothing', () => {
    expect(parseFdx('<!DOCTYPE FinalDraft>' + script(action('Hello.'), '')).report.elements).toEqual({ action: 1 });
  });

  // Breakage: an error handler that did not throw (saxes then recovers and goes on) accepted these files, keeping
  // each reference as literal text, and accepted the malformed files of the tests below.
  it('refuses a reference to any entity XML does not define, never expanding it', () => {
    for (const entity of ['&nbsp;', '&e;', '&constructor;', '&__proto__;']) {
      const error = refusal(script(action(`a ${entity} b`)));
      expect(error.message).toMatch(/refers to an entity XML does not define/);
      expect(error.line).toBe(2);
    }
  });
});

describe('parseFdx refuses what is not a Final Draft script, saying where', () => {
  // Breakage: reporting parser.column - 1 (taking saxes' column for the offending character's zero-based one)
  // gave column 29 here, and 53 for the XXE above.
  it('names the line and column of malformed XML', () => {
    const error = refusal('<?xml version="1.0"?>\n<FinalDraft DocumentType="Script">\n<Content><Paragraph></Content>\n</FinalDraft>');
    expect(error.message).toMatch(/^the file is not well-formed XML: unexpected close tag \(line 3, column 30\)$/);
    expect([error.line, error.column]).toEqual([3, 30]);
  });

  it('refuses an unterminated file and one with two roots', () => {
    expect(refusal(script(action('Hello.')).slice(0, -5)).message).toMatch(/not well-formed XML/);
    expect(refusal(script('') + '<FinalDraft/>').message).toMatch(/only one root/);
  });

  it('refuses a file that is not XML in plain words', () => {
    for (const text of ['INT. HOUSE - DAY\n\nRain.', '', '   ', '\uFEFF{"type":"doc"}']) {
      expect(refusal(text).message).toMatch(/^this is not an XML file, so not a Final Draft script/);
    }
  });

  // Breakage: without requireScript, both files were accepted: the SVG as an empty script.
  it('refuses XML that is not a Final Draft script in plain words', () => {
    expect(refusal('<svg xmlns="http://www.w3.org/2000/svg"><text>INT. HOUSE</text></svg>').message).toBe(
      'this XML file is not a Final Draft script: it is a <svg> document, and a Final Draft script is a <FinalDraft> one (line 1)',
    );
    expect(refusal('<FinalDraft DocumentType="Template List"><Content/></FinalDraft>').message).toMatch(/is a Template List document, not a script/);
  });
});

describe('parseFdx strips text no script can store', () => {
  // Breakage: without storableText in readTextRuns, these imports threw ContentFormatError (the document's own
  // check, "unstorable character U+0007 (BEL)") instead of returning the script; without it on Number, the same
  // for the scene number's ESC.
  it('strips control characters that XML 1.1 allows as references, with a notice for each kind', () => {
    const xml = script(
      `<Paragraph Type="Scene Heading" Number="1&#27;"><Text>INT. &#7;HOUSE</Text></Paragraph>${action('Ding&#7;&#7; dong&#1;.')}`,
      '<?xml version="1.1" encoding="UTF-8"?>',
    );
    const imported = parseFdx(xml);
    expect(imported.document.content.map((element) => [element.attrs?.['sceneNumber'], element.content?.[0]?.text])).toEqual([
      ['1', 'INT. HOUSE'],
      [undefined, 'Ding dong.'],
    ]);
    expect(imported.report.notices).toEqual([
      // Counted per run or attribute that held one: the heading's and the action's.
      { message: 'removed U+0007 (BEL), a character a script cannot hold', count: 2, line: 2 },
      { message: 'removed U+001B (ESC), a character a script cannot hold', count: 1, line: 2 },
      { message: 'removed U+0001 (SOH), a character a script cannot hold', count: 1, line: 2 },
    ]);
  });

  it('strips a carriage return written as a reference, which XML 1.0 allows', () => {
    const imported = parseFdx(script(action('one&#13;two')));
    expect(imported.document.content[0]!.content).toEqual([{ type: 'text', text: 'onetwo' }]);
    expect(imported.report.notices[0]).toEqual({ message: 'removed U+000D (CR), a character a script cannot hold', count: 1, line: 2 });
  });

  it('strips them from the title page and from notes too', () => {
    const xml =
      '<?xml version="1.1"?><FinalDraft DocumentType="Script"><Content>' +
      action('Hi.') +
      '</Content><TitlePage><Content><Paragraph Alignment="Center"><Text>THE &#27;[31mEND</Text></Paragraph></Content></TitlePage>' +
      '<ScriptNotes><ScriptNote Range="0,3"><Paragraph><Text>ring&#7;</Text></Paragraph></ScriptNote></ScriptNotes></FinalDraft>';
    const imported = parseFdx(xml);
    expect(imported.titlePage).toEqual({ title: 'THE [31mEND' });
    expect(imported.document.content[0]).toEqual({ type: 'note', content: [{ type: 'text', text: 'ring' }] });
  });

  // Breakage: quoting the paragraph type as it is put the BEL and all 5000 characters into the notice.
  it('quotes values from the file in notices without such characters, and shortened', () => {
    const imported = parseFdx(script(paragraph(`Act&#7;${'x'.repeat(5000)}`, 'Hi.'), '<?xml version="1.1"?>'));
    expect(imported.report.notices[0]!.message).toBe(`Final Draft's "Act${'x'.repeat(37)}…" paragraphs became action`);
  });

  it('refuses control characters XML 1.0 does not allow at all, as malformed', () => {
    expect(refusal(script(action('bell&#7;'))).message).toMatch(/a character reference \(&#…;\) names a character XML does not allow \(line 2, column \d+\)/);
    expect(refusal(script(action('nul&#0;'), '<?xml version="1.1"?>')).message).toMatch(/names a character XML does not allow/);
    expect(refusal(script(action('raw \u0007 bell'))).message).toMatch(/not well-formed XML: disallowed character/);
  });
});
