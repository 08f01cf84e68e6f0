/**
 * A ScriptNote points into the script with `Range="start,end"`, counted
 * over the script's paragraphs in order (those of `<Content>`, not the
 * title page): each paragraph takes its own text's length, two more for a
 * block it embeds (a DualDialogue, an OmittedScene, whose own paragraphs
 * count nothing), and one for its end. That is how files Final Draft wrote
 * have been measured to count; Final Draft itself was not at hand here, so
 * the reader and the writer share this one rule and a note's place is
 * right between them whatever Final Draft does. Lengths are UTF-16 code
 * units.
 */
export function paragraphUnits(ownTextLength: number, embeddedBlocks: number): number {
  return ownTextLength + 2 * embeddedBlocks + 1;
}

/** `Range="start,end"` for a note on the paragraph starting at `start` whose text is `length` long. */
export function formatRange(start: number, length: number): string {
  return `${start},${start + length}`;
}

/** Where a `Range=` value starts (the smaller of its two numbers), or undefined when it is not two whole numbers. */
export function rangeStart(range: string | undefined): number | undefined {
  const parts = (range ?? '').split(',');
  if (parts.length !== 2) return undefined;
  const [from, to] = parts.map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from! < 0 || to! < 0) return undefined;
  return Math.min(from!, to!);
}
