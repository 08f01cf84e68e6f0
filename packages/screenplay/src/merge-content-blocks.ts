import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { parseContentBlocks } from './content-blocks.js';
import type { ContentBlock } from './content-blocks.js';
import { contentBlocksToProsemirror, nodeToContentBlock } from './convert-content-blocks.js';
import { parseProsemirrorDocument } from './parse-prosemirror-document.js';
import type { ProsemirrorJson, ProsemirrorNodeJson } from './parse-prosemirror-document.js';

/**
 * The document a REST write of `blocks` should produce, given the `current`
 * document: like `contentBlocksToProsemirror(blocks)`, except that every block
 * equal to the projection of a current element keeps that element as it is,
 * marks included. content_blocks carry no marks, so without this a client that
 * reads the projection and writes it back unchanged would strip all bold,
 * italic and underline from the script.
 *
 * Matching is by the longest common prefix and suffix (the shape of
 * y-tiptap's own diff, so those are also the elements `replaceFragmentContent`
 * leaves untouched), then, in the changed middle, each block takes the first
 * unused element with the same type, text and attributes, in order. A block
 * whose text, type or attributes changed is rebuilt without marks. Among
 * identical blocks in the changed middle (two "JOHN" cues) the marks follow
 * document order, which may not be the element the writer meant.
 *
 * @throws ContentFormatError if `current` or `blocks` is invalid.
 */
export function mergeContentBlocks(current: unknown, blocks: readonly ContentBlock[]): ProsemirrorJson {
  const wanted = parseContentBlocks(blocks);
  const fresh = contentBlocksToProsemirror(wanted).content;
  if (wanted.length === 0) return { type: 'doc', content: fresh };
  const nodes: ProsemirrorNode[] = [];
  // The current document is read as it is; only what the write brings in must be storable.
  parseProsemirrorDocument(current, { unstorableText: 'keep' }).forEach((node) => nodes.push(node));
  const existing = nodes.map(nodeToContentBlock);

  const shortest = Math.min(existing.length, wanted.length);
  let left = 0;
  while (left < shortest && sameBlock(existing[left], wanted[left])) left += 1;
  let right = 0;
  while (
    right < shortest - left &&
    sameBlock(existing[existing.length - 1 - right], wanted[wanted.length - 1 - right])
  ) {
    right += 1;
  }

  // In the changed middle, each wanted block takes the first unused current
  // element with the same projection, in document order.
  const middle = new Map<string, number[]>();
  for (let index = left; index < existing.length - right; index += 1) {
    const key = blockKey(existing[index] as ContentBlock);
    const queue = middle.get(key);
    if (queue === undefined) middle.set(key, [index]);
    else queue.push(index);
  }
  const content = wanted.map((block, index): ProsemirrorNodeJson => {
    const fromEnd = wanted.length - index;
    let match: number | undefined;
    if (index < left) match = index;
    else if (fromEnd <= right) match = nodes.length - fromEnd;
    else match = middle.get(blockKey(block))?.shift();
    const node = match === undefined ? undefined : nodes[match];
    return node === undefined ? (fresh[index] as ProsemirrorNodeJson) : (node.toJSON() as ProsemirrorNodeJson);
  });
  return { type: 'doc', content };
}

function blockKey(block: ContentBlock): string {
  return JSON.stringify([block.type, block.text, block.metadata?.sceneNumber, block.metadata?.dualDialogue]);
}

function sameBlock(a: ContentBlock | undefined, b: ContentBlock | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return (
    a.type === b.type &&
    a.text === b.text &&
    a.metadata?.sceneNumber === b.metadata?.sceneNumber &&
    a.metadata?.dualDialogue === b.metadata?.dualDialogue
  );
}
