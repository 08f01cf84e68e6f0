/**
 * Smoke test of `npm run bench -- anchors`: every anchor starts as a real
 * child process, takes a document written by its client until durable, and
 * serves it whole to a fresh client — after a restart too. No mocks; timings
 * are not asserted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { postgresAvailable } from '../../../packages/server/test/support/postgres.js';
import { createScreenplayFixture, generateEditingUpdates } from '../screenplay-fixture.js';
import { contentSize } from './clients.js';
import { ANCHORS, type AnchorData } from './servers.js';
import { openAndClose, seedDocument } from './workloads.js';

const fixture = createScreenplayFixture(7, 3);
const baseline = Y.encodeStateAsUpdate(fixture.doc);
const updates = generateEditingUpdates(fixture.doc, 20, 7);

const opened: AnchorData[] = [];
afterAll(async () => {
  await Promise.allSettled(opened.map((data) => data.cleanup()));
});

describe.each(ANCHORS.map((anchor) => [anchor.label, anchor] as const))('anchor %s', (_label, anchor) => {
  const skip = anchor.id === 'writersroom-postgres' && !postgresAvailable;
  it.skipIf(skip)(
    'serves a document its client wrote, durable, to a fresh client and after a restart',
    async () => {
      const data = await anchor.prepare();
      opened.push(data);
      const server = await data.start();
      let seeded;
      try {
        expect(server.process.startupMs).toBeGreaterThan(0);
        expect(server.process.rssBytes()).toBeGreaterThan(10 * 2 ** 20);
        seeded = await seedDocument(server, baseline, updates);
        expect(seeded.expected.elements).toBeGreaterThanOrEqual(contentSize(fixture.doc).elements);
        await openAndClose(server, seeded.name, seeded.expected);
      } finally {
        await server.stop();
      }
      const restarted = await data.start();
      try {
        await openAndClose(restarted, seeded.name, seeded.expected);
      } finally {
        await restarted.stop();
      }
    },
    60_000,
  );
});
