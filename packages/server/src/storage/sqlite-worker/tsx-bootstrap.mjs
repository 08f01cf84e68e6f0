// Entry of the SQLite worker thread when the server runs from its TypeScript
// sources (tsx, Vitest). Node 20 does not hand a worker's .ts entry to the
// parent's loader hooks, so this plain module registers tsx in the worker
// thread, then loads worker.ts. A compiled server starts worker.js directly.
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
