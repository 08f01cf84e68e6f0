import { afterAll, beforeAll } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { connectStockClient } from './providers.js';
import { openTestStorage, startTestServer, type StorageKind, type TestServer, type TestStorage } from './test-server.js';

export interface ApiResponse {
  status: number;
  body: Record<string, any>;
}

export interface ServerSuite {
  readonly db: TestStorage;
  readonly server: TestServer;
  /** A stock y-websocket client signed in as dev user `name`; destroyed after the suite. */
  connect(scriptId: string, name: string): WebsocketProvider;
  /** A REST call as dev user `user` (no credentials when undefined); `rawBody` is sent as JSON text unchanged. */
  call(method: string, path: string, user: string | undefined, body?: unknown, rawBody?: string): Promise<ApiResponse>;
}

/**
 * A fresh database and a real server for the enclosing `describe`, opened
 * before its tests and closed after them, with the clients they made.
 */
export function useServerSuite(kind: StorageKind = 'sqlite', overrides: Partial<Config> = {}, options: { logger?: Logger } = {}): ServerSuite {
  let db: TestStorage | undefined;
  let server: TestServer | undefined;
  const providers: WebsocketProvider[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the server suite is used before beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    db = await openTestStorage(kind);
    server = await startTestServer(db.storage, overrides, options);
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.close();
    await db?.cleanup();
  });

  return {
    get db() {
      return ready(db);
    },
    get server() {
      return ready(server);
    },
    connect(scriptId, name) {
      const provider = connectStockClient(ready(server).wsBase, scriptId, name);
      providers.push(provider);
      return provider;
    },
    async call(method, path, user, body, rawBody) {
      const json = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
      const response = await fetch(`${ready(server).url}${path}`, {
        method,
        headers: { ...(user ? { authorization: `Bearer dev:${user}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: json,
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
    },
  };
}
