import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What the browser downloads of the web client: each script and stylesheet
 * of the production build (packages/web/dist/assets) as built, and its
 * precompressed copies (the build writes `.gz` and `.br` next to each; the
 * server sends the one the browser accepts).
 */
export interface AssetWeight {
  file: string;
  /** Vite's chunk name: the file name without its content hash (`screenplay-editor`). */
  chunk: string;
  /** Loaded by index.html itself (the entry chunk and its stylesheet), rather than imported lazily later. */
  entry: boolean;
  rawBytes: number;
  /** Size of the `.gz` / `.br` copy; undefined when the build wrote none. */
  gzipBytes: number | undefined;
  brotliBytes: number | undefined;
}

/** Vite's `[name]-[hash].[ext]`: the hash is 8 characters of base64url (so it may hold a `-`). */
const HASHED_ASSET = /^(.+)-[A-Za-z0-9_-]{8}\.(js|css)$/;

/** `screenplay-editor-vOmbnny3.js` -> `screenplay-editor`; a name without a hash is kept whole. */
export function chunkName(file: string): string {
  return HASHED_ASSET.exec(file)?.[1] ?? file;
}

/** The asset files index.html loads itself (`src` or `href` under /assets/). */
export function entryAssets(indexHtml: string): Set<string> {
  return new Set(Array.from(indexHtml.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g), (match) => match[1] ?? ''));
}

function sizeOf(file: string): number | undefined {
  return existsSync(file) ? statSync(file).size : undefined;
}

/**
 * Every .js and .css file of `distDir`/assets with its compressed sizes,
 * entry assets first, then by chunk name.
 *
 * @throws when `distDir` holds no build (index.html missing).
 */
export function measureClientWeight(distDir: string): AssetWeight[] {
  const entry = entryAssets(readFileSync(path.join(distDir, 'index.html'), 'utf8'));
  const assetsDir = path.join(distDir, 'assets');
  return readdirSync(assetsDir)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const full = path.join(assetsDir, file);
      return {
        file,
        chunk: chunkName(file),
        entry: entry.has(file),
        rawBytes: statSync(full).size,
        gzipBytes: sizeOf(`${full}.gz`),
        brotliBytes: sizeOf(`${full}.br`),
      };
    })
    .sort((a, b) => Number(b.entry) - Number(a.entry) || a.chunk.localeCompare(b.chunk) || a.file.localeCompare(b.file));
}
