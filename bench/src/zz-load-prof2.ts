import * as Y from 'yjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScreenplayFixture, generateEditingUpdates } from './screenplay-fixture.js';
import { createSqliteStorage } from '../../packages/server/src/storage/sqlite-storage.js';
import { openScriptDocument } from '../../packages/server/src/maintenance/open-script-document.js';
import { createLogger } from '../../packages/server/src/logger.js';
const f = createScreenplayFixture();
const updates = [Y.encodeStateAsUpdate(f.doc), ...generateEditingUpdates(f.doc, 10000)];
const storage = createSqliteStorage({ file: path.join(mkdtempSync(path.join(tmpdir(), 'zz-')), 'db.sqlite') });
await storage.migrate();
const user = await storage.provisionUser({ firebaseUid: 'dev:x' });
const script = await storage.createScript({ ownerId: user.userId, title: 'x' });
for (let i = 0; i < updates.length; i += 500) await storage.appendVersions(updates.slice(i, i + 500).map((update) => ({ scriptId: script.scriptId, update, createdBy: null, kind: 'update' as const })));
const t = async (name: string, n: number, fn: () => unknown) => { await fn(); const ms: number[] = []; for (let i=0;i<n;i++){const a=performance.now(); await fn(); ms.push(performance.now()-a);} ms.sort((a,b)=>a-b); console.log(name, ms[Math.floor(n/2)]!.toFixed(1)); };
const hooks = { corruption() {}, logger: createLogger('silent') };
if (process.argv[2] === 'prof') { for (let i = 0; i < 10; i++) (await openScriptDocument(storage, script.scriptId, hooks)).doc.destroy(); }
else {
await t('loadVersions', 7, () => storage.loadVersions(script.scriptId));
await t('openScriptDocument', 7, async () => (await openScriptDocument(storage, script.scriptId, hooks)).doc.destroy());
}
await storage.close();
