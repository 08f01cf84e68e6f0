/** Caret colours that read on white paper and differ from each other at a glance. */
export const CARET_COLORS = ['#dc2626', '#2563eb', '#16a34a', '#c026d3', '#ea580c', '#0d9488', '#7c3aed', '#ca8a04', '#92400e', '#475569'];

/** A writer's usual caret colour: the same on every screen and every visit, picked from their user id. */
export function writerColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return CARET_COLORS[Math.abs(hash) % CARET_COLORS.length]!;
}

/**
 * The colour to show while `taken` colours are on other writers' carets: the
 * usual one when it is free, else the next free one in the palette (two
 * writers in one colour could not tell their carets apart).
 */
export function freeColor(usual: string, taken: ReadonlySet<string>): string {
  const start = Math.max(0, CARET_COLORS.indexOf(usual));
  for (let i = 0; i < CARET_COLORS.length; i += 1) {
    const candidate = CARET_COLORS[(start + i) % CARET_COLORS.length]!;
    if (!taken.has(candidate)) return candidate;
  }
  return usual;
}
