import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.js';

describe('attachmentDisposition', () => {
  it('names the file after the title, in both forms', () => {
    expect(attachmentDisposition('The Long Night', 'pdf')).toBe(`attachment; filename="The Long Night.pdf"; filename*=UTF-8''The%20Long%20Night.pdf`);
  });

  it('keeps letters outside ASCII in filename* only, as UTF-8', () => {
    expect(attachmentDisposition('Amélie à Paris', 'pdf')).toBe(`attachment; filename="Am_lie _ Paris.pdf"; filename*=UTF-8''Am%C3%A9lie%20%C3%A0%20Paris.pdf`);
  });

  it('replaces what could name a folder or break the header, in both forms', () => {
    // Fails if a quote, backslash or line break reaches the quoted filename, or a slash either name.
    const header = attachmentDisposition('A/B\\C "D" <E>: F? *G* |H|', 'pdf');
    expect(header).toBe(`attachment; filename="A_B_C _D_ _E__ F_ _G_ _H_.pdf"; filename*=UTF-8''A_B_C%20_D_%20_E__%20F_%20_G_%20_H_.pdf`);
  });

  it('replaces tabs and line breaks a title may hold', () => {
    expect(attachmentDisposition('Act\tOne\nDraft', 'pdf')).toBe(`attachment; filename="Act_One_Draft.pdf"; filename*=UTF-8''Act_One_Draft.pdf`);
  });

  it('encodes the characters encodeURIComponent leaves alone but RFC 5987 does not allow', () => {
    expect(attachmentDisposition("Rosie's (Last) Night*", 'pdf')).toContain(`filename*=UTF-8''Rosie%27s%20%28Last%29%20Night_.pdf`);
  });

  it('never makes a hidden file or an empty name', () => {
    expect(attachmentDisposition('..draft', 'pdf')).toContain('filename="draft.pdf"');
    expect(attachmentDisposition('...', 'pdf')).toContain('filename="script.pdf"');
  });
});
