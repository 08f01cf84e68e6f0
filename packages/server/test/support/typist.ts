import { line } from './providers.js';
import type { SavingClient } from './saving-client.js';

/**
 * A writer on a `SavingClient` who appends words of their own (`<tag><n>;`)
 * to the first line, each once the previous one is Saved, so `saved` is
 * exactly what the server has promised is durable, in order.
 */
export class Typist {
  /** Every word typed, in order. */
  readonly typed: string[] = [];
  /** The words acknowledged as Saved, in order: always a prefix of `typed`. */
  readonly saved: string[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    readonly client: SavingClient,
    private readonly tag: string,
  ) {}

  /** Types one word and resolves once it is Saved. */
  async type(): Promise<string> {
    const word = `${this.tag}${this.typed.length};`;
    const text = line(this.client.doc);
    text.insert(text.length, word);
    this.typed.push(word);
    await this.client.whenSaved();
    this.saved.push(word);
    return word;
  }

  /** Types until `stop`, a word every `pauseMs` at most (a random pause each, so writers interleave). */
  start(pauseMs = 15): void {
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        await this.type();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * pauseMs));
      }
    })();
  }

  /** Resolves once the word being typed is Saved and typing has stopped. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Whether the words of this writer in `text` are exactly the first ones it typed: a state that existed. */
  isPrefixIn(text: string): boolean {
    const present = this.typed.filter((word) => text.includes(word));
    return present.every((word, index) => word === this.typed[index]);
  }
}
