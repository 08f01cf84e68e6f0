import type { Page } from 'playwright-core';
import type { ContentBlock } from '@writersroom/screenplay';
import { caretAtEndOf, createScriptWith, openEditor, shareScript, statusBecomes, type SignedInWriter } from '../../packages/web/test/support/writers.js';
import { SELECTORS, hasArrived, pageRecords, recordArrivals, recordKeys, recordStatuses, savedSinceKey } from './page-probes.js';

/** A short scene: typing latency is about the path between writers, not the size of the script. */
const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. WRITERS ROOM - NIGHT' },
  { type: 'action', text: 'Two laptops, one script.' },
  { type: 'character', text: 'MAYA' },
  { type: 'dialogue', text: 'Are you seeing this?' },
];
/** The action line both measurements type at the end of. */
const TYPED_ELEMENT = 1;

/** Keystrokes timed to the other writer's screen, the pause after each, and the untimed ones typed first. */
export const FANOUT_KEYSTROKES = 200;
export const FANOUT_GAP_MS = 30;
const FANOUT_WARMUP = 20;
/** Keystrokes timed to "Saved", each typed once the previous one is saved, and the pause after that. */
export const SAVED_KEYSTROKES = 50;
export const SAVED_GAP_MS = 50;

/** Everything the typing measurements wait for comes within this, or the run fails: something is broken, not slow. */
const WAIT_TIMEOUT_MS = 15_000;

export interface TypingResult {
  /** Per keystroke: keydown on the typist's page -> the character in the other writer's DOM (Date.now in both). */
  fanoutMs: number[];
  /** Per keystroke: keydown -> the status line reads "Saved" (performance.now in the typist's page). */
  savedMs: number[];
}

/** Lowercase letters in turn: plain text in an action line, nothing the editor reacts to. */
const letter = (i: number): string => String.fromCharCode(97 + (i % 26));

/**
 * For each keystroke time, how long until the first event at or after it
 * (NaN when none came); times on one clock, events in order.
 */
export function latenciesToNext(keys: readonly number[], events: readonly number[]): number[] {
  return keys.map((key) => {
    const next = events.find((event) => event >= key);
    return next === undefined ? Number.NaN : next - key;
  });
}

/**
 * Types FANOUT_WARMUP + FANOUT_KEYSTROKES letters one at a time on the
 * typist's page, and returns when the reader's page has shown each of them.
 */
async function timeFanout(typist: Page, reader: Page): Promise<number[]> {
  await reader.evaluate(recordArrivals, { index: TYPED_ELEMENT, selectors: SELECTORS });
  await typist.evaluate(recordKeys);
  const total = FANOUT_WARMUP + FANOUT_KEYSTROKES;
  for (let i = 0; i < total; i++) {
    await typist.keyboard.type(letter(i));
    await typist.waitForTimeout(FANOUT_GAP_MS);
  }
  await reader.waitForFunction(hasArrived, total, { timeout: WAIT_TIMEOUT_MS });
  const keys = (await typist.evaluate(pageRecords)).keys.map((key) => key.epochMs);
  const arrivals = (await reader.evaluate(pageRecords)).arrivalsEpochMs;
  if (keys.length !== total || arrivals.length !== total) {
    throw new Error(`typed ${total} characters, but the typist's page saw ${keys.length} keydowns and the reader's ${arrivals.length} arrivals`);
  }
  // The i-th character typed is the i-th to arrive: one writer, typing at the end of one line.
  return keys.slice(FANOUT_WARMUP).map((key, i) => (arrivals[FANOUT_WARMUP + i] ?? Number.NaN) - key);
}

/** Types SAVED_KEYSTROKES letters, each once the previous one is saved, and times each to "Saved". */
async function timeSaved(typist: Page): Promise<number[]> {
  await statusBecomes(typist, 'Saved', WAIT_TIMEOUT_MS);
  await typist.evaluate(recordStatuses, SELECTORS);
  const first = (await typist.evaluate(pageRecords)).keys.length;
  for (let i = 0; i < SAVED_KEYSTROKES; i++) {
    await typist.keyboard.type(letter(i));
    await typist.waitForFunction(savedSinceKey, first + i, { timeout: WAIT_TIMEOUT_MS });
    await typist.waitForTimeout(SAVED_GAP_MS);
  }
  const { keys, statuses } = await typist.evaluate(pageRecords);
  const saved = statuses.filter((status) => status.text === 'Saved').map((status) => status.pageMs);
  return latenciesToNext(keys.slice(first).map((key) => key.pageMs), saved);
}

/**
 * Two writers (`typist` shares a new short script with `reader` as an
 * editor), each with the script open in their own browser profile; the
 * typist types at the end of its action line while the reader watches.
 */
export async function measureTyping(typist: SignedInWriter, reader: SignedInWriter): Promise<TypingResult> {
  const scriptId = await createScriptWith(typist, 'Bench typing', SCENE);
  await shareScript(typist, scriptId, reader, 'editor');
  const typistPage = await openEditor(typist, scriptId);
  const readerPage = await openEditor(reader, scriptId);
  try {
    await caretAtEndOf(typistPage, TYPED_ELEMENT);
    const fanoutMs = await timeFanout(typistPage, readerPage);
    const savedMs = await timeSaved(typistPage);
    return { fanoutMs, savedMs };
  } finally {
    await readerPage.close();
    await typistPage.close();
  }
}
