import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkName, entryAssets, measureClientWeight } from './client-weight.js';
import { weightRows } from './editor-report.js';

describe('the client weight', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names a chunk by its file name without the content hash, which may hold a dash', () => {
    expect(chunkName('screenplay-editor-vOmbnny3.js')).toBe('screenplay-editor');
    expect(chunkName('screenplay-editor-Ctk4T3-4.css')).toBe('screenplay-editor');
    expect(chunkName('index-CrUQZYS3.css')).toBe('index');
    expect(chunkName('plain.js')).toBe('plain.js');
  });

  it('counts as entry the assets index.html loads itself', () => {
    const html = '<script type="module" crossorigin src="/assets/index-wHs96h1v.js"></script><link rel="stylesheet" href="/assets/index-CrUQZYS3.css">';
    expect(entryAssets(html)).toEqual(new Set(['index-wHs96h1v.js', 'index-CrUQZYS3.css']));
  });

  it('measures each script and stylesheet with its compressed copies, entry first, and totals them by chunk', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'wr-weight-'));
    dirs.push(dist);
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<script src="/assets/index-AAAAAAAA.js"></script>');
    const files: Record<string, number> = {
      'editor-BBBBBBBB.js': 4096,
      'editor-BBBBBBBB.js.gz': 2048,
      'editor-BBBBBBBB.js.br': 1024,
      'editor-CCCCCCCC.css': 1024,
      'index-AAAAAAAA.js': 2048,
      'index-AAAAAAAA.js.gz': 1024,
      'index-AAAAAAAA.js.br': 512,
      'index-AAAAAAAA.js.map': 99_999,
    };
    for (const [file, bytes] of Object.entries(files)) writeFileSync(path.join(dist, 'assets', file), Buffer.alloc(bytes));

    const assets = measureClientWeight(dist);
    expect(assets.map((a) => [a.file, a.entry, a.rawBytes, a.gzipBytes, a.brotliBytes])).toEqual([
      ['index-AAAAAAAA.js', true, 2048, 1024, 512],
      ['editor-BBBBBBBB.js', false, 4096, 2048, 1024],
      ['editor-CCCCCCCC.css', false, 1024, undefined, undefined],
    ]);
    expect(weightRows(assets).slice(3)).toEqual([
      ['total', 'entry (index.html loads it)', '2.0', '1.0', '0.5', '25%'],
      // A copy missing from the build makes the compressed total unknown rather than too small.
      ['total', 'editor (lazy, js + css)', '5.0', '-', '-', '-'],
      ['total', "all: a script's page", '7.0', '-', '-', '-'],
    ]);
  });
});
