import { parentPort } from 'node:worker_threads';
import { packState } from './checkpoint-content.js';

/** One packing job: the state in, what is stored of it out (checkpoint-packer.ts). */
export interface PackRequest {
  id: number;
  state: Uint8Array;
}

export type PackResponse = { id: number; packed: Awaited<ReturnType<typeof packState>> } | { id: number; error: string };

parentPort?.on('message', (request: PackRequest) => {
  packState(request.state).then(
    (packed) => parentPort?.postMessage({ id: request.id, packed } satisfies PackResponse, [packed.content.buffer as ArrayBuffer]),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies PackResponse),
  );
});
