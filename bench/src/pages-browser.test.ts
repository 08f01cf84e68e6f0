import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { paginate } from '@writersroom/screenplay';
import type { PagesBenchGlobal } from './pages-browser-entry.js';
import { bundlePageScript } from './pages-browser.js';
import { createScreenplayFixture, toLayoutBlocks } from './screenplay-fixture.js';

describe('the pages benchmark in the browser', () => {
  it('bundles a page script that lays out the same fixture as Node, needing nothing but a clock from its page', async () => {
    const script = await bundlePageScript();
    const page = { performance } as unknown as PagesBenchGlobal;
    // Breaks if the bundle needs Node (a `node:*` import, `Buffer`, `process`): it would throw here as it would in Chromium.
    runInNewContext(script, page);
    const timings = page.runPaginationBench({ fromScratch: 1, keystrokes: 1, warmup: 0, editPage: 60 });
    expect(timings.fromScratchMs).toHaveLength(1);
    expect(timings.pages).toBe(paginate(toLayoutBlocks(createScreenplayFixture().elements)).pages.length);
  });
});
