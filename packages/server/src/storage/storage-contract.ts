/**
 * The one contract suite every `Storage` implementation runs (rules in
 * SPEC.md; test titles cite them). The rules live in `contract/*-rules.ts`,
 * one file per group; this function wires them to an implementation.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { describeAccessRules } from './contract/access-rules.js';
import { describeAccountRules } from './contract/account-rules.js';
import { describeCompactionRules } from './contract/compaction-rules.js';
import type { ContractFixture } from './contract/contract-fixture.js';
import { describeDocumentRules } from './contract/document-rules.js';
import { describeGenerationRules } from './contract/generation-rules.js';
import { describeHistoryRules } from './contract/history-rules.js';
import { describeLifecycleAndValueRules } from './contract/lifecycle-and-value-rules.js';
import { describeSharingRules } from './contract/sharing-rules.js';
import { describeTrashRules } from './contract/trash-rules.js';
import { describeUserAndScriptRules } from './contract/user-and-script-rules.js';
import { describeVersionRules } from './contract/version-rules.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

export interface OpenedStorage {
  storage: Storage;
  /**
   * Rows in a table of this storage's database, read over a connection of its
   * own: how a test sees what the interface cannot show (e.g. that a refused
   * sign-up left no user behind).
   */
  countRows(table: keyof Database): Promise<number>;
  /** Inserts a row over a connection of its own; see `ContractFixture.insertRow`. */
  insertRow(table: keyof Database, row: Record<string, string>): Promise<void>;
  /** Takes the script's lock over a connection of its own; see `ContractFixture.holdScriptLock`. */
  holdScriptLock(scriptId: string): Promise<() => Promise<void>>;
  cleanup(): Promise<void>;
}

export type OpenStorage = () => Promise<OpenedStorage>;

/**
 * Registers the contract tests for one implementation. `open` must return a
 * storage over a fresh, empty, unmigrated database each time it is called;
 * each test migrates its own (so every test exercises [ST1]) and `cleanup`
 * runs after the test, even when the test already closed the storage.
 */
export function describeStorageContract(name: string, open: OpenStorage): void {
  describe(`${name} keeps the storage contract`, () => {
    let current: OpenedStorage | undefined;
    let cleanups: Array<() => Promise<void>> = [];

    const fixture: ContractFixture = {
      get storage() {
        if (current === undefined) throw new Error('storage contract: no storage outside a test');
        return current.storage;
      },
      countRows(table) {
        if (current === undefined) throw new Error('storage contract: no storage outside a test');
        return current.countRows(table);
      },
      insertRow(table, row) {
        if (current === undefined) throw new Error('storage contract: no storage outside a test');
        return current.insertRow(table, row);
      },
      holdScriptLock(scriptId) {
        if (current === undefined) throw new Error('storage contract: no storage outside a test');
        return current.holdScriptLock(scriptId);
      },
      async openFresh() {
        const opened = await open();
        cleanups.push(() => opened.cleanup());
        return opened.storage;
      },
      async user(subject) {
        return (await fixture.storage.provisionUser({ firebaseUid: subject, email: `${subject}@example.com` })).userId;
      },
      script(ownerId, title = 'Untitled') {
        return fixture.storage.createScript({ ownerId, title });
      },
    };

    beforeEach(async () => {
      const opened = await open();
      current = opened;
      cleanups.push(() => opened.cleanup());
      await opened.storage.migrate();
    });

    afterEach(async () => {
      current = undefined;
      for (const cleanup of cleanups.reverse()) await cleanup();
      cleanups = [];
    });

    describeLifecycleAndValueRules(fixture);
    describeUserAndScriptRules(fixture);
    describeAccessRules(fixture);
    describeVersionRules(fixture);
    describeAccountRules(fixture);
    describeSharingRules(fixture);
    describeDocumentRules(fixture);
    describeCompactionRules(fixture);
    describeGenerationRules(fixture);
    describeHistoryRules(fixture);
    describeTrashRules(fixture);
  });
}
