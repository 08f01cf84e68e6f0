// @ts-check
/**
 * The y-websocket reference server as an anchor of `npm run bench -- anchors`:
 * what `@y/websocket-server`'s own bin (src/server.js) does — an HTTP server
 * whose upgrades go to `setupWSConnection` — with its stock LevelDB
 * persistence, which `utils.js` sets up itself from YPERSISTENCE=<dir>.
 *
 * Env: PORT, YPERSISTENCE. One addition for the bench: after the stock
 * persistence has stored a document's updates it prints
 * `persisted <name> <state vector, base64>`. y-leveldb runs every operation
 * of an instance one after another, so a `getMeta` queued after the stock
 * `storeUpdate` calls resolves once they are written; one such barrier is in
 * flight at a time, so a burst costs a handful of reads, not one per update.
 */
import http from 'node:http';
import { getPersistence, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';

const port = Number(process.env.PORT);
/**
 * What utils.js builds from YPERSISTENCE (its typings leave out `provider` and that bindState is async).
 * @typedef {{ provider: { getMeta(name: string, key: string): Promise<unknown> }, bindState(name: string, doc: Y.Doc): Promise<void>, writeState(name: string, doc: Y.Doc): Promise<unknown> }} StockPersistence
 */
const stock = /** @type {StockPersistence | null} */ (/** @type {unknown} */ (getPersistence()));
if (!Number.isInteger(port) || stock === null) throw new Error('set PORT and YPERSISTENCE');
const ldb = stock.provider;

/** @param {string} name @param {Y.Doc} doc @returns {() => void} */
function reportWhenStored(name, doc) {
  let inFlight = false;
  let dirty = false;
  const barrier = () => {
    inFlight = true;
    dirty = false;
    const stateVector = Buffer.from(Y.encodeStateVector(doc)).toString('base64');
    void ldb.getMeta(name, 'bench').then(() => {
      process.stdout.write(`persisted ${name} ${stateVector}\n`);
      inFlight = false;
      if (dirty) barrier();
    });
  };
  return () => {
    dirty = true;
    if (!inFlight) barrier();
  };
}

setPersistence({
  ...stock,
  bindState: async (name, doc) => {
    await stock.bindState(name, doc);
    // Registered after the stock listener, so its storeUpdate is queued first.
    const report = reportWhenStored(name, doc);
    doc.on('update', report);
    report();
  },
});

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1');
