/**
 * Contract rules ST1–ST6 and ST39: migrations, lifecycle, ids, timestamps,
 * exact round-trips, and text that cannot be stored.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { UNKNOWN_ID, UNSTORABLE, UUID_V4, row, seedWhenEmpty, type ContractFixture } from './contract-fixture.js';

/** Every table a refused write could have reached. */
const WRITTEN_TABLES: ReadonlyArray<keyof Database> = [
  'users',
  'scripts',
  'local_accounts',
  'script_invitations',
  'share_links',
  'server_secrets',
  'script_versions',
  'script_versions_quarantine',
];

export function describeLifecycleAndValueRules(f: ContractFixture): void {
  describe('schema and lifecycle', () => {
    it('[ST1] migrating an up-to-date database again keeps its data', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner, 'Keep me');
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      await f.storage.migrate();
      await f.storage.migrate();
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
      expect(await f.storage.countVersions(s.scriptId)).toBe(1);
    });

    it('[ST1] concurrent migrations of a fresh database all succeed', async () => {
      const fresh = await f.openFresh();
      await Promise.all([fresh.migrate(), fresh.migrate(), fresh.migrate()]);
      const owner = await fresh.provisionUser({ firebaseUid: 'ann' });
      expect((await fresh.createScript({ ownerId: owner.userId, title: 'x' })).title).toBe('x');
    });

    it('[ST2] ping resolves while open; after close every call rejects and close can be repeated', async () => {
      await expect(f.storage.ping()).resolves.toBeUndefined();
      await f.storage.close();
      await f.storage.close();
      await expect(f.storage.ping()).rejects.toThrow();
      await expect(f.storage.getUser(UNKNOWN_ID)).rejects.toThrow();
    });
  });

  describe('values', () => {
    it('[ST4] a malformed id is not found by any method and never reaches the database as an error', async () => {
      const owner = await f.user('ann');
      const s = await f.storage.createScript({ ownerId: owner, title: 'Real', contentBlocks: [{ type: 'action' }] });
      const malformed = [
        '',
        'not-a-uuid',
        "'; drop table scripts; --",
        `${s.scriptId.slice(0, -1)}g`,
        // Forms PostgreSQL's uuid input would accept: they must not find the script there either.
        s.scriptId.replaceAll('-', ''),
        `{${s.scriptId}}`,
        ` ${s.scriptId}`,
      ];
      for (const bad of malformed) {
        expect(await f.storage.getScript(bad), bad).toBeUndefined();
        expect(await f.storage.getScript(bad, { includeDeleted: true }), bad).toBeUndefined();
        expect(await f.storage.getUser(bad), bad).toBeUndefined();
        expect(await f.storage.listScriptsForUser(bad), bad).toEqual([]);
        expect(await f.storage.renameScript(bad, 'Hijacked'), bad).toBeUndefined();
        expect(await f.storage.setScriptDeleted(bad, true), bad).toBeUndefined();
        expect(await f.storage.getRole(bad, owner), bad).toBeUndefined();
        expect(await f.storage.getRole(s.scriptId, bad), bad).toBeUndefined();
        expect(await f.storage.loadVersions(bad), bad).toEqual([]);
        expect(await f.storage.countVersions(bad), bad).toBe(0);
        await f.storage.updateContentBlocks(bad, [{ type: 'overwritten' }], new Date());
        expect(await f.storage.latestVersion(bad), bad).toBeUndefined();
        expect(await f.storage.amendLog(bad, seedWhenEmpty(() => Uint8Array.of(1))), bad).toEqual({ amended: false });
        expect(await f.storage.quarantineVersions(bad, [1], 'test'), bad).toBe(0);
        expect(await f.storage.listQuarantined(bad), bad).toEqual([]);
      }
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
    });

    it('[ST4] writes that need a malformed id reject with a TypeError and write nothing', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner);
      await expect(f.storage.createScript({ ownerId: 'nobody', title: 'x' })).rejects.toThrow(TypeError);
      await expect(f.storage.setCollaborator(s.scriptId, 'nobody', 'editor')).rejects.toThrow(TypeError);
      await expect(f.storage.setCollaborator('nothing', owner, 'editor')).rejects.toThrow(TypeError);
      await expect(f.storage.appendVersions([row(s.scriptId, 1), row('nothing', 2)])).rejects.toThrow(TypeError);
      await expect(f.storage.appendVersions([row(s.scriptId, 1, 'update', 'nobody')])).rejects.toThrow(TypeError);
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
      expect(await f.storage.listScriptsForUser(owner)).toHaveLength(1);
    });

    it('[ST4] ids are generated v4 UUIDs, matched case-insensitively and returned in lowercase', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner);
      expect(owner).toMatch(UUID_V4);
      expect(s.scriptId).toMatch(UUID_V4);
      expect(await f.storage.getScript(s.scriptId.toUpperCase())).toEqual(s);
      expect((await f.storage.getUser(owner.toUpperCase()))?.userId).toBe(owner);
      expect(await f.storage.getRole(s.scriptId.toUpperCase(), owner.toUpperCase())).toBe('owner');
      await f.storage.appendVersions([row(s.scriptId.toUpperCase(), 1, 'update', owner.toUpperCase())]);
      const [stored] = await f.storage.loadVersions(s.scriptId);
      expect(stored?.scriptId).toBe(s.scriptId);
      expect(stored?.createdBy).toBe(owner);
    });

    it('[ST5] timestamps read back as the Date instants written, from the server clock', async () => {
      const before = Date.now();
      const owner = await f.storage.provisionUser({ firebaseUid: 'ann' });
      const s = await f.script(owner.userId);
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      const deleted = await f.storage.setScriptDeleted(s.scriptId, true);
      const after = Date.now();

      const [version] = await f.storage.loadVersions(s.scriptId);
      const stamps = [owner.createdAt, s.createdAt, s.updatedAt, version?.createdAt, deleted?.deletedAt];
      for (const stamp of stamps) {
        expect(stamp).toBeInstanceOf(Date);
        expect(stamp!.getTime()).toBeGreaterThanOrEqual(before);
        expect(stamp!.getTime()).toBeLessThanOrEqual(after);
      }
      const reread = await f.storage.getScript(s.scriptId, { includeDeleted: true });
      expect(reread?.createdAt.getTime()).toBe(s.createdAt.getTime());
      expect(reread?.deletedAt?.getTime()).toBe(deleted?.deletedAt?.getTime());
      expect((await f.storage.getUser(owner.userId))?.createdAt.getTime()).toBe(owner.createdAt.getTime());
    });

    it('[ST6] update bytes round-trip exactly, as plain Uint8Arrays, whatever their size and offset', async () => {
      const s = await f.script(await f.user('ann'));
      const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
      const large = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) % 251);
      // A view into a larger buffer: only the viewed bytes may be stored.
      const view = new Uint8Array([9, 9, 1, 2, 3, 9, 9]).subarray(2, 5);
      await f.storage.appendVersions([
        { scriptId: s.scriptId, update: everyByte, createdBy: null, kind: 'update' },
        { scriptId: s.scriptId, update: large, createdBy: null, kind: 'update' },
        { scriptId: s.scriptId, update: view, createdBy: null, kind: 'update' },
        { scriptId: s.scriptId, update: new Uint8Array(0), createdBy: null, kind: 'update' },
      ]);
      const stored = await f.storage.loadVersions(s.scriptId);
      expect(stored.map((v) => Array.from(v.update))).toEqual([everyByte, large, view, new Uint8Array(0)].map((b) => Array.from(b)));
      for (const v of stored) expect(Object.getPrototypeOf(v.update)).toBe(Uint8Array.prototype);
    });

    it('[ST6] content blocks round-trip as the same JSON array, null until written', async () => {
      const owner = await f.user('ann');
      const blocks = [
        { type: 'scene_heading', text: 'INT. KITCHEN – NIGHT ✨', marks: [], level: 1.5, dual: false, note: null },
        { type: 'dialogue', content: [{ text: 'He said "no".\n' }, { nested: { deep: [1, [2, [3]]] } }] },
      ];
      const empty = await f.script(owner);
      expect(empty.contentBlocks).toBeNull();
      const s = await f.storage.createScript({ ownerId: owner, title: 't', contentBlocks: blocks });
      expect(s.contentBlocks).toEqual(blocks);
      expect((await f.storage.getScript(s.scriptId))?.contentBlocks).toEqual(blocks);
      await f.storage.updateContentBlocks(empty.scriptId, [], new Date());
      expect((await f.storage.getScript(empty.scriptId))?.contentBlocks).toEqual([]);
    });

    it('[ST3] content blocks that are not an array are refused and nothing changes', async () => {
      const owner = await f.user('ann');
      const s = await f.storage.createScript({ ownerId: owner, title: 't', contentBlocks: [{ type: 'action' }] });
      const notArray = { type: 'action' } as unknown as unknown[];
      await expect(f.storage.updateContentBlocks(s.scriptId, notArray, new Date())).rejects.toThrow(TypeError);
      await expect(f.storage.createScript({ ownerId: owner, title: 'u', contentBlocks: notArray })).rejects.toThrow(TypeError);
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
      expect(await f.storage.listScriptsForUser(owner)).toHaveLength(1);
    });

    // Breakage: without requireStorableText in the query modules, PostgreSQL failed with its own
    // error (not a TypeError) and SQLite stored the text.
    it('[ST39] every write of text refuses NUL, lone surrogates and C0 controls with a TypeError naming the field, writing nothing', async () => {
      const ann = await f.storage.provisionUser({ firebaseUid: 'ann', email: 'ann@example.com', displayName: 'Ann' });
      const s = await f.storage.createScript({ ownerId: ann.userId, title: 'Kept', contentBlocks: [{ type: 'action', text: 'kept' }] });
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      const [version] = await f.storage.loadVersions(s.scriptId);
      const counts = async () => Promise.all(WRITTEN_TABLES.map((table) => f.countRows(table)));
      const before = await counts();

      for (const [character, name] of UNSTORABLE) {
        const bad = `a${character}b`;
        const writes: Array<[() => Promise<unknown>, string]> = [
          [() => f.storage.createScript({ ownerId: ann.userId, title: bad }), 'title'],
          [() => f.storage.createScript({ ownerId: ann.userId, title: 't', contentBlocks: [{ type: 'action', text: 'ok' }, { type: 'action', text: bad }] }), 'contentBlocks[1].text'],
          [() => f.storage.createScript({ ownerId: ann.userId, title: 't', contentBlocks: [{ [bad]: 'value' }] }), `the key contentBlocks[0][${JSON.stringify(bad)}]`],
          [() => f.storage.renameScript(s.scriptId, bad), 'title'],
          [() => f.storage.renameScript('not-a-uuid', bad), 'title'],
          [() => f.storage.updateContentBlocks(s.scriptId, [{ type: 'action', text: 'x', metadata: { note: [bad] } }], new Date()), 'contentBlocks[0].metadata.note[0]'],
          [() => f.storage.provisionUser({ firebaseUid: bad }), 'firebaseUid'],
          [() => f.storage.provisionUser({ firebaseUid: 'ann', email: bad }), 'email'],
          [() => f.storage.provisionUser({ firebaseUid: 'ann', displayName: bad }), 'displayName'],
          [() => f.storage.createLocalAccount({ email: bad, passwordHash: 'hash', displayName: null }), 'email'],
          [() => f.storage.createLocalAccount({ email: 'bo@example.com', passwordHash: bad, displayName: null }), 'passwordHash'],
          [() => f.storage.createLocalAccount({ email: 'bo@example.com', passwordHash: 'hash', displayName: bad }), 'displayName'],
          [() => f.storage.saveInvitation({ scriptId: s.scriptId, email: bad, role: 'viewer', invitedBy: ann.userId }), 'email'],
          [() => f.storage.createShareLink({ scriptId: s.scriptId, tokenHash: bad, role: 'viewer', createdBy: ann.userId, expiresAt: null }), 'tokenHash'],
          [() => f.storage.quarantineVersions(s.scriptId, [version!.versionId], bad), 'reason'],
          [() => f.storage.getOrCreateSecret(bad, () => 'value'), 'name'],
          [() => f.storage.getOrCreateSecret('signing-key', () => bad), 'value'],
        ];
        for (const [write, field] of writes) {
          const error = await write().then(() => undefined, (thrown: unknown) => thrown);
          expect(error, `${name} in ${field}`).toBeInstanceOf(TypeError);
          expect((error as Error).message).toBe(`storage: ${field} holds ${name} at index 1, which cannot be stored`);
        }
      }

      expect(await counts()).toEqual(before);
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
      expect(await f.storage.getUser(ann.userId)).toEqual(ann);
      expect(await f.storage.loadVersions(s.scriptId)).toEqual([version]);
    });

    // Breakage: with tab added to the unstorable pattern, provisionUser refused the subject.
    it('[ST39] tab, newline and every other character are stored and read back exactly', async () => {
      const text = 'Tab\there,\nnew line; U+FFFD \ufffd, DEL \u007f, NEL \u0085, a pair 🎬, U+FFFF \uffff';
      const user = await f.storage.provisionUser({ firebaseUid: `subject ${text}`, email: `ann\t@example.com`, displayName: text });
      const blocks = [{ type: 'action', text }, { [`key ${text}`]: [text] }];
      const s = await f.storage.createScript({ ownerId: user.userId, title: text, contentBlocks: blocks });
      expect(await f.storage.getScript(s.scriptId)).toMatchObject({ title: text, contentBlocks: blocks });
      expect(await f.storage.getUser(user.userId)).toMatchObject({ firebaseUid: `subject ${text}`, displayName: text });
      expect((await f.storage.renameScript(s.scriptId, `${text}!`))?.title).toBe(`${text}!`);
      await f.storage.updateContentBlocks(s.scriptId, [{ type: 'dialogue', text }], new Date());
      expect((await f.storage.getScript(s.scriptId))?.contentBlocks).toEqual([{ type: 'dialogue', text }]);
      expect(await f.storage.getOrCreateSecret(text, () => text)).toBe(text);
    });

    // Breakage: without the isStorableText checks in email-key.ts, user-queries.ts and share-link-queries.ts,
    // PostgreSQL failed these lookups with "invalid byte sequence for encoding UTF8: 0x00".
    it('[ST39] a lookup by text no row can hold finds nothing and never reaches the database as an error', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      for (const [character] of UNSTORABLE) {
        const bad = `ann${character}@example.com`;
        expect(await f.storage.findUserByEmail(bad)).toBeUndefined();
        expect(await f.storage.findLocalAccount(bad)).toBeUndefined();
        expect(await f.storage.deleteInvitation(s.scriptId, bad)).toBe(false);
        expect(await f.storage.acceptInvitations(ann, bad)).toEqual([]);
        expect(await f.storage.findShareLink(bad)).toBeUndefined();
      }
    });
  });
}
