import { describe, expect, it } from 'vitest';
import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { parseFdx } from './parse-fdx.js';

/** A file as Final Draft writes one: byte order mark, CRLF, settings sections, runs with drawing attributes. */
const FINAL_DRAFT_FILE = [
  '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
  '<FinalDraft DocumentType="Script" Template="No" Version="5">',
  '',
  '  <Content>',
  '    <Paragraph Number="1" Type="Scene Heading">',
  '      <SceneProperties Length="1 2/8" Page="1" Title="">',
  '        <Summary>',
  '          <Paragraph Alignment="Left" FirstIndent="0.00" Leading="Regular" LeftIndent="0.00" RightIndent="1.39" SpaceBefore="0" Spacing="1" StartsNewPage="No">',
  '            <Text AdornmentStyle="0" Background="#FFFFFFFFFFFF" Color="#000000000000" Font="Courier Final Draft" RevisionID="0" Size="12" Style="">Mara finds the vault open.</Text>',
  '          </Paragraph>',
  '        </Summary>',
  '      </SceneProperties>',
  '      <Text AdornmentStyle="0" Background="#FFFFFFFFFFFF" Color="#000000000000" Font="Courier Final Draft" RevisionID="0" Size="12" Style="">int. vault - </Text>',
  '      <Text AdornmentStyle="0" Background="#FFFFFFFFFFFF" Color="#000000000000" Font="Courier Final Draft" RevisionID="0" Size="12" Style="">night</Text>',
  '    </Paragraph>',
  '    <Paragraph Type="Action">',
  '      <Text Font="Courier Final Draft" Size="12" Style="">The door is </Text>',
  '      <Text Font="Courier Final Draft" Size="12" Style="Bold+Underline">open</Text>',
  '      <Text Font="Courier Final Draft" Size="12" Style="">.</Text>',
  '    </Paragraph>',
  '    <Paragraph Type="Character">',
  '      <Text>MARA</Text>',
  '    </Paragraph>',
  '    <Paragraph Type="Parenthetical">',
  '      <Text>(to herself)</Text>',
  '    </Paragraph>',
  '    <Paragraph Type="Dialogue">',
  '      <Text>Somebody beat us.</Text>',
  '    </Paragraph>',
  '    <Paragraph Type="General">',
  '      <DualDialogue>',
  '        <Paragraph Type="Character"><Text>JON</Text></Paragraph>',
  '        <Paragraph Type="Dialogue"><Text>Who?</Text></Paragraph>',
  '        <Paragraph Type="Character"><Text>MARA</Text></Paragraph>',
  '        <Paragraph Type="Dialogue"><Text>Nobody.</Text></Paragraph>',
  '      </DualDialogue>',
  '    </Paragraph>',
  '    <Paragraph Type="Transition" StartsNewPage="Yes">',
  '      <Text>CUT TO:</Text>',
  '    </Paragraph>',
  '  </Content>',
  '',
  '  <ElementSettings Type="Scene Heading">',
  '    <FontSpec AdornmentStyle="0" Font="Courier Final Draft" Size="12" Style="AllCaps"/>',
  '    <ParagraphSpec Alignment="Left" FirstIndent="0.00" LeftIndent="1.50" RightIndent="7.50" SpaceBefore="24" Spacing="1" StartsNewPage="No"/>',
  '    <Behavior PaginateAs="Scene Heading" ReturnKey="Action" Shortcut="1"/>',
  '  </ElementSettings>',
  '  <PageLayout BackgroundColor="#FFFFFFFFFFFF" BottomMargin="72" TopMargin="72"><PageSize Height="11.00" Width="8.50"/></PageLayout>',
  '  <HeaderAndFooter FooterFirstPage="Yes" FooterVisible="No" HeaderFirstPage="No" HeaderVisible="Yes" StartingPage="1">',
  '    <Header><Paragraph Alignment="Right"><DynamicLabel Type="Page #"/><Text>.</Text></Paragraph></Header>',
  '  </HeaderAndFooter>',
  '  <SpellCheckIgnoreLists><IgnoredRanges/><IgnoredWords><Word>MARA</Word></IgnoredWords></SpellCheckIgnoreLists>',
  '  <TitlePage>',
  '    <HeaderAndFooter FooterVisible="No" HeaderVisible="No"><Header><Paragraph><Text/></Paragraph></Header></HeaderAndFooter>',
  '    <Content>',
  '      <Paragraph Alignment="Center"><Text Style="Bold+Underline+AllCaps">The vault</Text></Paragraph>',
  '      <Paragraph Alignment="Center"><Text>Written by</Text></Paragraph>',
  '      <Paragraph Alignment="Center"><Text Style=""/></Paragraph>',
  '      <Paragraph Alignment="Center"><Text>Jane Doe</Text></Paragraph>',
  '      <Paragraph Alignment="Center"><Text/></Paragraph>',
  '      <Paragraph Alignment="Center"><Text>Story by </Text><Text>JD</Text></Paragraph>',
  '      <Paragraph Alignment="Full"><Text>1/1/2018</Text></Paragraph>',
  '      <Paragraph Alignment="Full"><Text/></Paragraph>',
  '      <Paragraph Alignment="Full"><Text>ACME Example Productions</Text></Paragraph>',
  '      <Paragraph Alignment="Full"><Text>1234 5th Avenue</Text></Paragraph>',
  '    </Content>',
  '  </TitlePage>',
  '  <ScriptNotes>',
  '    <TableColumnSettings><Column>Order</Column></TableColumnSettings>',
  '    <ScriptNote Color="#FEEACC8166BA" Id="1" Range="21,25" Type="" WriterID="b63f" WriterName="Writer A"><Paragraph><Text>Too easy?</Text></Paragraph></ScriptNote>',
  '  </ScriptNotes>',
  '</FinalDraft>',
].join('\r\n');

const text = (value: string, ...marks: string[]): ProsemirrorNodeJson =>
  marks.length > 0 ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value };
const script = (body: string, after = '') => `<?xml version="1.0"?><FinalDraft DocumentType="Script" Template="No" Version="5"><Content>${body}</Content>${after}</FinalDraft>`;
const paragraph = (type: string, content: string, attributes = '') => `<Paragraph Type="${type}"${attributes}>${content}</Paragraph>`;
const run = (value: string, style?: string) => `<Text${style === undefined ? '' : ` Style="${style}"`}>${value}</Text>`;
/** Each element of `xml`'s document as [type, text]. */
const elementsOf = (xml: string) => parseFdx(xml).document.content.map((element) => [element.type, (element.content ?? []).map((part) => part.text).join('')]);

describe('parseFdx on a file in Final Draft’s own shape', () => {
  // Breakage: counting the newlines and indents between a paragraph's runs into its ScriptNote units put the
  // note's Range (21, in the action) inside the heading, so the note came first.
  it('reads the script, its title page and its notes, and skips the settings', () => {
    const imported = parseFdx(FINAL_DRAFT_FILE);
    expect(imported.document.content).toEqual([
      { type: 'sceneHeading', attrs: { sceneNumber: '1', pageBreakBefore: null }, content: [text('INT. VAULT - NIGHT')] },
      { type: 'synopsis', content: [text('Mara finds the vault open.')] },
      { type: 'note', content: [text('Too easy?')] },
      { type: 'action', attrs: { pageBreakBefore: null }, content: [text('The door is '), text('open', 'bold', 'underline'), text('.')] },
      { type: 'character', attrs: { dualDialogue: null, pageBreakBefore: null }, content: [text('MARA')] },
      { type: 'parenthetical', attrs: { dualDialogue: null, pageBreakBefore: null }, content: [text('to herself')] },
      { type: 'dialogue', attrs: { dualDialogue: null, pageBreakBefore: null }, content: [text('Somebody beat us.')] },
      { type: 'character', attrs: { dualDialogue: 'left', pageBreakBefore: null }, content: [text('JON')] },
      { type: 'dialogue', attrs: { dualDialogue: 'left', pageBreakBefore: null }, content: [text('Who?')] },
      { type: 'character', attrs: { dualDialogue: 'right', pageBreakBefore: null }, content: [text('MARA')] },
      { type: 'dialogue', attrs: { dualDialogue: 'right', pageBreakBefore: null }, content: [text('Nobody.')] },
      { type: 'transition', attrs: { pageBreakBefore: true }, content: [text('CUT TO:')] },
    ]);
    expect(imported.titlePage).toEqual({
      title: 'THE VAULT',
      credit: 'Written by',
      authors: 'Jane Doe',
      source: 'Story by JD',
      draftDate: '1/1/2018',
      contact: 'ACME Example Productions\n1234 5th Avenue',
    });
    expect(imported.report).toEqual({
      format: 'fdx',
      elements: { sceneHeading: 1, synopsis: 1, note: 1, action: 1, character: 3, parenthetical: 1, dialogue: 3, transition: 1 },
      titlePageFields: 6,
      notices: [
        { message: 'scene heading text is stored in capitals, as Final Draft prints it', count: 1, line: 5 },
        { message: 'text Final Draft shows in capitals (its AllCaps style) is stored in capitals', count: 1, line: 56 },
        { message: 'bold, italic and underline on the title page are not kept', count: 1, line: 56 },
        { message: "who wrote Final Draft's notes is not kept", count: 1, line: 70 },
      ],
    });
  });
});

describe('parseFdx: paragraphs', () => {
  it('reads each paragraph type as its element, centred action and general text as centered', () => {
    const body = [
      paragraph('Scene Heading', run('EXT. ROOF - DAY')),
      paragraph('Action', run('Wind.')),
      paragraph('Character', run('JON')),
      paragraph('Parenthetical', run('(beat)')),
      paragraph('Dialogue', run('Hi.')),
      paragraph('Lyrics', run('La la.')),
      paragraph('Transition', run('CUT TO:')),
      paragraph('Shot', run('CLOSE ON JON')),
      paragraph('General', run('General.')),
      paragraph('Action', run('THE END'), ' Alignment="Center"'),
      paragraph('General', run('INTERMISSION'), ' Alignment="Center"'),
      paragraph('Outline 1', run('Act one')),
      paragraph('Outline 2 (Sequences)', run('The setup')),
      paragraph('Outline Body', run('Jon arrives.')),
      paragraph('Summary', run('Another tool wrote this.')),
    ].join('');
    expect(elementsOf(script(body))).toEqual([
      ['sceneHeading', 'EXT. ROOF - DAY'],
      ['action', 'Wind.'],
      ['character', 'JON'],
      ['parenthetical', 'beat'],
      ['dialogue', 'Hi.'],
      ['lyrics', 'La la.'],
      ['transition', 'CUT TO:'],
      ['shot', 'CLOSE ON JON'],
      ['general', 'General.'],
      ['centered', 'THE END'],
      ['centered', 'INTERMISSION'],
      ['section', 'Act one'],
      ['section', 'The setup'],
      ['synopsis', 'Jon arrives.'],
      ['synopsis', 'Another tool wrote this.'],
    ]);
    expect(parseFdx(script(body)).document.content.filter((element) => element.type === 'section').map((element) => element.attrs)).toEqual([{ depth: 1 }, { depth: 2 }]);
  });

  // Breakage: reading an unknown type as general text instead of action failed here.
  it('reads a paragraph type WritersRoom lacks as action, counting them in one notice with the first line', () => {
    const xml = script(['', paragraph('New Act', run('ACT TWO')), paragraph('Action', run('x')), paragraph('New Act', run('ACT THREE')), '<Paragraph><Text>untyped</Text></Paragraph>'].join('\n'));
    const imported = parseFdx(xml);
    expect(imported.document.content.map((element) => element.type)).toEqual(['action', 'action', 'action', 'action']);
    expect(imported.report.notices).toEqual([
      { message: 'Final Draft\'s "New Act" paragraphs became action', count: 2, line: 2 },
      { message: 'paragraphs without a type became action', count: 1, line: 5 },
    ]);
  });

  it('keeps outline levels past six at six, and reports what a paragraph cannot carry', () => {
    const xml = script(
      [
        paragraph('Outline 9', run('Deep'), ' StartsNewPage="Yes"'),
        paragraph('Action', run('Numbered'), ' Number="4"'),
        paragraph('Action', run('Odd') + '<Bookmark Name="b"/>', ' Revision="2"'),
        '<Paragraph Type="Action">stray<Text>Run</Text></Paragraph>',
        paragraph('Scene Heading', run('INT. OLD - DAY') + '<OmittedScene><Paragraph Type="Action"><Text>Cut</Text></Paragraph></OmittedScene>'),
        '<Bookmark/>',
      ].join(''),
      '<BeatBoard><Beat>Idea</Beat></BeatBoard>',
    );
    const imported = parseFdx(xml);
    expect(elementsOf(xml)).toEqual([
      ['section', 'Deep'],
      ['action', 'Numbered'],
      ['action', 'Odd'],
      ['action', 'Run'],
      ['sceneHeading', 'INT. OLD - DAY'],
    ]);
    expect(imported.document.content[0]!.attrs).toEqual({ depth: 6 });
    expect(imported.report.notices.map((notice) => notice.message)).toEqual([
      'outline levels deeper than 6 are kept at level 6',
      'page breaks before outline level paragraphs are not kept (they do not print)',
      'scene numbers on action paragraphs are not kept',
      "the Revision attribute of Final Draft's paragraphs is not kept",
      "Final Draft's <Bookmark> inside a paragraph is not kept",
      'text outside the <Text> runs of a paragraph is not kept',
      'the text Final Draft keeps inside an omitted scene is not kept (its heading is)',
      "Final Draft's <Bookmark> in the script's content is not kept",
      "Final Draft's <BeatBoard> section is not kept",
    ]);
  });

  it('gives an empty script for a file with no content, and says so', () => {
    for (const xml of ['<FinalDraft DocumentType="Script"/>', script('')]) {
      expect(parseFdx(xml).document).toEqual({ type: 'doc', content: [{ type: 'action', attrs: { pageBreakBefore: null } }] });
    }
    expect(parseFdx('<FinalDraft DocumentType="Script"/>').report.notices[0]!.message).toBe('the file holds no script text (no <Content>): the script is empty');
  });
});

describe('parseFdx: text runs', () => {
  // Breakage: reading only the first name of each Style (one mark per run) lost the rest of every combination.
  it('reads every combination of bold, italic and underline, in any order, split across runs mid-word', () => {
    const xml = script(
      paragraph('Action', [run('Pl'), run('ain ', ''), run('bo', 'Bold'), run('ld ', 'Bold'), run('x', 'Italic+Bold'), run('y', 'Underline+Bold'), run('z', 'Italic+Underline'), run('all', 'Underline+Italic+Bold'), run('u', 'Underline')].join('')),
    );
    expect(parseFdx(xml).document.content[0]!.content).toEqual([
      text('Plain '),
      text('bold ', 'bold'),
      text('x', 'bold', 'italic'),
      text('y', 'bold', 'underline'),
      text('z', 'italic', 'underline'),
      text('all', 'bold', 'italic', 'underline'),
      text('u', 'underline'),
    ]);
  });

  it('stores AllCaps runs in capitals, and reports the styles it cannot keep once each', () => {
    const xml = script([paragraph('Action', run('shout', 'AllCaps+Italic') + run(' struck', 'Strikeout')), paragraph('Action', run('again', 'Strikeout+Shadow'))].join('\n'));
    const imported = parseFdx(xml);
    expect(imported.document.content[0]!.content).toEqual([text('SHOUT', 'italic'), text(' struck')]);
    expect(imported.report.notices).toEqual([
      { message: 'text Final Draft shows in capitals (its AllCaps style) is stored in capitals', count: 1, line: 1 },
      { message: "Final Draft's Strikeout style is not kept (bold, italic and underline are)", count: 2, line: 1 },
      { message: "Final Draft's Shadow style is not kept (bold, italic and underline are)", count: 1, line: 2 },
    ]);
  });

  it('keeps line breaks, tabs and spaces inside a run, and CDATA as text', () => {
    const xml = script(paragraph('Action', run('  one\n\ttwo ') + '<Text><![CDATA[<three> & ]]></Text>'));
    expect(elementsOf(xml)).toEqual([['action', '  one\n\ttwo <three> & ']]);
  });

  // Breakage: stripping the first and last character of any parenthetical ate "beat" to "ea" and "()" to nothing.
  it('takes off a parenthetical’s own parentheses, marks kept, and leaves others alone', () => {
    const xml = script([paragraph('Parenthetical', run(' (') + run('whispers', 'Italic') + run(') ')), paragraph('Parenthetical', run('beat')), paragraph('Parenthetical', run('()'))].join(''));
    const content = parseFdx(xml).document.content;
    expect(content.map((element) => element.content)).toEqual([[text('whispers', 'italic')], [text('beat')], undefined]);
  });
});

describe('parseFdx: dual dialogue', () => {
  it('puts the first speech on the left and the rest on the right, in a wrapper or not', () => {
    const speeches = [paragraph('Character', run('A')), paragraph('Parenthetical', run('(x)')), paragraph('Dialogue', run('1')), paragraph('Character', run('B')), paragraph('Lyrics', run('2'))].join('');
    for (const xml of [script(`<Paragraph Type="General" StartsNewPage="Yes"><DualDialogue>${speeches}</DualDialogue></Paragraph>`), script(`<DualDialogue>${speeches}</DualDialogue>`)]) {
      expect(parseFdx(xml).document.content.map((element) => [element.type, element.attrs?.['dualDialogue']])).toEqual([
        ['character', 'left'],
        ['parenthetical', 'left'],
        ['dialogue', 'left'],
        ['character', 'right'],
        ['lyrics', 'right'],
      ]);
    }
    // A page break before the wrapping paragraph is one before the pair.
    expect(parseFdx(script(`<Paragraph StartsNewPage="Yes"><DualDialogue>${speeches}</DualDialogue></Paragraph>`)).document.content[0]!.attrs?.['pageBreakBefore']).toBe(true);
  });

  it('puts a third speech on the right and an action outside the sides, with notices', () => {
    const xml = script(
      `<Paragraph><DualDialogue>${[paragraph('Character', run('A')), paragraph('Dialogue', run('1')), paragraph('Action', run('Hm.')), paragraph('Character', run('B')), paragraph('Dialogue', run('2')), paragraph('Character', run('C')), paragraph('Dialogue', run('3'))].join('')}</DualDialogue></Paragraph>`,
    );
    const imported = parseFdx(xml);
    expect(imported.document.content.map((element) => element.attrs?.['dualDialogue'] ?? null)).toEqual(['left', 'left', null, 'right', 'right', 'right', 'right']);
    expect(imported.report.notices.map((notice) => notice.message)).toEqual([
      'action inside dual dialogue is kept, outside the dual dialogue',
      'dual dialogue of more than two speeches: the third and later are put on the right',
    ]);
  });
});

describe('parseFdx: notes', () => {
  const body = [paragraph('Scene Heading', run('INT. LAB - DAY')), paragraph('Action', run('She waits.')), `<Paragraph><DualDialogue>${paragraph('Character', run('A'))}${paragraph('Dialogue', run('1'))}${paragraph('Character', run('B'))}${paragraph('Dialogue', run('2'))}</DualDialogue></Paragraph>`, paragraph('Action', run('Go.'))].join('');
  const note = (range: string | undefined, words: string, extra = '') => `<ScriptNote${range === undefined ? '' : ` Range="${range}"`}${extra}><Paragraph>${run(words)}</Paragraph></ScriptNote>`;

  // Paragraphs start at 0 (the heading, 14 characters and its end), 15 (the action), 26 (the dual dialogue: two
  // units for the block, one for its end) and 29 ("Go."); the script ends at 33.
  // Breakage: placing a note after the paragraph its Range starts in (instead of before) failed both tests here.
  it('puts each note before the paragraph its Range starts in, and ones pointing nowhere at the end', () => {
    const notes = [
      note('15,19', 'on the action'),
      note('14,14', 'on the break after the heading'),
      note('27,27', 'inside the dual dialogue'),
      note('31,29', 'reversed, on Go.'),
      note('40,45', 'past the end'),
      note('abc', 'unreadable'),
      note(undefined, 'no range', ' Type="Boneyard"'),
    ].join('');
    const imported = parseFdx(script(body, `<ScriptNotes>${notes}</ScriptNotes>`));
    expect(elementsOf(script(body, `<ScriptNotes>${notes}</ScriptNotes>`))).toEqual([
      ['note', 'on the break after the heading'],
      ['sceneHeading', 'INT. LAB - DAY'],
      ['note', 'on the action'],
      ['action', 'She waits.'],
      ['note', 'inside the dual dialogue'],
      ['character', 'A'],
      ['dialogue', '1'],
      ['character', 'B'],
      ['dialogue', '2'],
      ['note', 'reversed, on Go.'],
      ['action', 'Go.'],
      ['note', 'past the end'],
      ['note', 'unreadable'],
      ['boneyard', 'no range'],
    ]);
    expect(imported.report.notices).toEqual([{ message: 'notes that do not say where in the script they belong are put at its end', count: 2, line: 1 }]);
  });

  it('reads a note of several paragraphs as one note of several lines, marks kept, and a note inside a paragraph before it', () => {
    const xml = script(
      paragraph('Action', `<ScriptNote Name="Title"><Paragraph>${run('old', 'Bold')}</Paragraph><Paragraph/><Paragraph>${run('style')}</Paragraph></ScriptNote>${run('Hum.')}`),
    );
    const imported = parseFdx(xml);
    expect(imported.document.content[0]).toEqual({ type: 'note', content: [text('old', 'bold'), text('\n\nstyle')] });
    expect(imported.report.notices.map((notice) => notice.message)).toEqual(["the titles of Final Draft's notes are not kept"]);
  });
});

describe('parseFdx: the title page', () => {
  const titlePage = (...paragraphs: Array<[alignment: string, words: string]>) =>
    parseFdx(script(paragraph('Action', run('x')), `<TitlePage><Content>${paragraphs.map(([alignment, words]) => `<Paragraph Alignment="${alignment}">${run(words)}</Paragraph>`).join('')}</Content></TitlePage>`));

  // Breakage: without a copyright line starting a block of its own, the copyright right under the source was
  // read as the source's second line.
  it('reads a title with a credit on its own line, several authors, a source, corners and a copyright anywhere', () => {
    const imported = titlePage(
      ['Center', 'THE LONG NIGHT'],
      ['Center', ''],
      ['Center', 'Screenplay by'],
      ['Center', 'Ada Lovelace'],
      ['Center', 'Charles Babbage'],
      ['Center', ''],
      ['Center', 'Based on the novel by K. Ruiz'],
      ['Center', '© 2026 Ada Lovelace'],
      ['Right', ''],
      ['Right', 'Revised May 2, 2026'],
      ['Right', ''],
      ['Right', 'Not for distribution'],
      ['Left', 'Next Level Agency'],
      ['Left', '555-0100'],
    );
    expect(imported.titlePage).toEqual({
      title: 'THE LONG NIGHT',
      credit: 'Screenplay by',
      authors: 'Ada Lovelace\nCharles Babbage',
      source: 'Based on the novel by K. Ruiz',
      copyright: '© 2026 Ada Lovelace',
      draftDate: 'Revised May 2, 2026',
      notes: 'Not for distribution',
      contact: 'Next Level Agency\n555-0100',
    });
    expect(imported.report.titlePageFields).toBe(8);
    expect(imported.report.notices).toEqual([]);
  });

  // Breakage: keeping only the first block that lands in a field lost "1234 5th Avenue".
  it('joins blocks that land in one field, with a notice, and cuts a field that is too long', () => {
    const imported = titlePage(['Center', 'TITLE'], ['Center', ''], ['Center', 'Jane Doe'], ['Left', 'ACME'], ['Left', ''], ['Left', '1234 5th Avenue'], ['Right', 'x'.repeat(2500)]);
    expect(imported.titlePage).toEqual({ title: 'TITLE', authors: 'Jane Doe', contact: 'ACME\n1234 5th Avenue', notes: 'x'.repeat(2000) });
    expect(imported.report.notices.map((notice) => notice.message)).toEqual([
      "title page lines were added to its contact (Final Draft's title page is free text, WritersRoom's has fields)",
      'a title page field longer than 2000 characters was cut to that length',
    ]);
  });
});
