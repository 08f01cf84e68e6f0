/**
 * Text that cannot be stored (NUL, lone surrogates, C0 controls but tab and
 * newline) in any REST request is refused with 400 WR_ERR_UNSTORABLE_TEXT
 * naming the field and the character, and nothing is stored, the same on
 * SQLite and PostgreSQL (storage [ST39]). The samples travel as JSON escapes
 * (`JSON.stringify` writes `\u0000` and `\ud800`), as any client's would.
 */
import { describe, expect, it } from 'vitest';
import { UNSTORABLE } from '../../src/storage/contract/contract-fixture.js';
import { useServerSuite, type ApiResponse } from '../support/server-suite.js';
import { createScriptFor, STORAGE_KINDS } from '../support/test-server.js';

const RULE = 'text cannot hold control characters other than tab and newline, or lone surrogates.';

/** The answer a request holding `name` at `index` of the string at `path` gets. */
function expectRefused(response: ApiResponse, path: string, name: string, index = 1): void {
  expect({ status: response.status, error: response.body.error }).toEqual({
    status: 400,
    error: { code: 'WR_ERR_UNSTORABLE_TEXT', message: `${path} holds ${name} at index ${index}: ${RULE}` },
  });
}

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`REST requests holding text that cannot be stored, on ${kind}`, () => {
    const suite = useServerSuite(kind);

    // Breakage: without registerUnstorableTextCheck in buildApp, both storages answered 500 (storage's own [ST39] TypeError).
    it('[ST39] POST /api/scripts refuses such text in the title, a block, its metadata or a key, creating nothing', async () => {
      for (const [character, name] of UNSTORABLE) {
        const bad = `a${character}b`;
        const bodies: Array<[unknown, string]> = [
          [{ title: bad }, 'title'],
          [{ title: 'Ok', contentBlocks: [{ type: 'action', text: 'fine' }, { type: 'dialogue', text: bad }] }, 'contentBlocks[1].text'],
          [{ title: 'Ok', contentBlocks: [{ type: 'scene_heading', text: 'INT. HALL', metadata: { sceneNumber: bad } }] }, 'contentBlocks[0].metadata.sceneNumber'],
          [{ title: 'Ok', contentBlocks: [{ type: 'action', [bad]: 'x' }] }, `the key contentBlocks[0][${JSON.stringify(bad)}]`],
        ];
        for (const [body, path] of bodies) expectRefused(await suite.call('POST', '/api/scripts', 'amy', body), path, name);
      }
      expect((await suite.call('GET', '/api/scripts', 'amy')).body.scripts).toEqual([]);
    });

    // Breakage: with tab (U+0009) added to the unstorable pattern, this create answered 400.
    it('[ST39] accepts tab and newline, and stores them exactly', async () => {
      const blocks = [{ type: 'action', text: 'A line,\tand a tab.\nAnd a second line.' }];
      const created = await suite.call('POST', '/api/scripts', 'bea', { title: 'Tab\tand\nnewline', contentBlocks: blocks });
      expect(created.status).toBe(201);
      const scriptId = created.body.script.scriptId as string;
      expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'bea')).body.script.title).toBe('Tab\tand\nnewline');
      expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'bea')).body.contentBlocks).toEqual(blocks);
    });

    it('[ST39] a rename or a content write holding such text is refused and changes nothing', async () => {
      const blocks = [{ type: 'action', text: 'Before.' }];
      const created = await suite.call('POST', '/api/scripts', 'cal', { title: 'Kept', contentBlocks: blocks });
      const scriptId = created.body.script.scriptId as string;
      expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'cal')).body.contentBlocks).toEqual(blocks);
      const rows = await suite.db.storage.countVersions(scriptId);
      for (const [character, name] of UNSTORABLE) {
        expectRefused(await suite.call('PATCH', `/api/scripts/${scriptId}`, 'cal', { title: `a${character}b` }), 'title', name);
        const content = { contentBlocks: [...blocks, { type: 'action', text: `a${character}b` }] };
        expectRefused(await suite.call('PUT', `/api/scripts/${scriptId}/content`, 'cal', content), 'contentBlocks[1].text', name);
      }
      const script = (await suite.call('GET', `/api/scripts/${scriptId}`, 'cal')).body.script;
      expect(script).toMatchObject({ title: 'Kept', updatedAt: created.body.script.updatedAt });
      expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'cal')).body.contentBlocks).toEqual(blocks);
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rows);
    });

    it('[ST39] sharing bodies, query strings and path parameters holding such text are refused, granting nothing', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'dot');
      for (const [character, name] of UNSTORABLE) {
        const invite = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'dot', { email: `eve${character}@example.com`, role: 'editor' });
        expectRefused(invite, 'email', name, 3);
        expectRefused(await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'dot', { role: `editor${character}` }), 'role', name, 6);
        expectRefused(await suite.call('POST', '/api/share-links/redeem', 'dot', { token: `wrl_${character}` }), 'token', name, 4);
      }
      // A URL carries NUL and control characters percent-encoded; a lone surrogate cannot be percent-encoded as UTF-8.
      expectRefused(await suite.call('GET', '/api/scripts?deleted=%00', 'dot'), 'query.deleted', 'U+0000 (NUL)', 0);
      expectRefused(await suite.call('DELETE', `/api/scripts/${scriptId}/invitations/eve%1B%40example.com`, 'dot'), 'params.email', 'U+001B (ESC)', 3);
      const shared = (await suite.call('GET', `/api/scripts/${scriptId}/collaborators`, 'dot')).body;
      expect([shared.collaborators, shared.invitations]).toEqual([[], []]);
      expect((await suite.call('GET', `/api/scripts/${scriptId}/share-links`, 'dot')).body.links).toEqual([]);
    });

    it('answers a caller without credentials 401 before looking at the text', async () => {
      const response = await suite.call('POST', '/api/scripts', undefined, { title: 'a\u0000b' });
      expect(response.status).toBe(401);
    });
  });

  describe.skipIf(!available)(`sign-up and sign-in holding text that cannot be stored, on ${kind}`, () => {
    const suite = useServerSuite(kind, { auth: { mode: 'local', sessionTtlMs: 3600_000 } });

    // Breakage: without the hook, sign-up answered 500 on both storages (storage's [ST39] TypeError), sign-in 401.
    it('[ST39] refuses such text in the email, password or display name, creating no account', async () => {
      for (const [character, name] of UNSTORABLE) {
        const bodies: Array<[unknown, string, number]> = [
          [{ email: 'fay@example.com', password: 'a long passphrase', displayName: `Fay${character}` }, 'displayName', 3],
          [{ email: `fay${character}@example.com`, password: 'a long passphrase' }, 'email', 3],
          [{ email: 'fay@example.com', password: `a long passphrase${character}` }, 'password', 17],
        ];
        for (const [body, path, index] of bodies) expectRefused(await suite.call('POST', '/api/auth/signup', undefined, body), path, name, index);
        const signIn = await suite.call('POST', '/api/auth/signin', undefined, { email: `fay${character}@example.com`, password: 'a long passphrase' });
        expectRefused(signIn, 'email', name, 3);
      }
      expect(await suite.db.storage.findLocalAccount('fay@example.com')).toBeUndefined();
      expect(await suite.db.storage.findUserByEmail('fay@example.com')).toBeUndefined();
    });

    // Breakage: with tab added to the unstorable pattern, this sign-up answered 400.
    it('[ST39] signs up a display name with a tab in it, exactly as given', async () => {
      const response = await suite.call('POST', '/api/auth/signup', undefined, { email: 'gus@example.com', password: 'a long passphrase', displayName: 'Gus\tGrey' });
      expect(response.status).toBe(201);
      expect(response.body.user.displayName).toBe('Gus\tGrey');
    });
  });
}
