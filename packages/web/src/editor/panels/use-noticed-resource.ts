import type { NoticeTopic } from '@writersroom/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client.js';
import type { ScriptConnection } from '../../collab/script-connection.js';

/** Notices often come in bursts (a reply, then its thread resolved): one read after the last of them. */
const NOTICE_SETTLE_MS = 150;

export interface NoticedResource<T> {
  /** Null until the first answer. */
  value: T | null;
  error: string | null;
  /** Reads it again now (after this writer's own change: its notice comes too, a little later). */
  reload(): void;
}

/**
 * Something beside the script that lives on the server, not in the document
 * (its comments, its history): read over REST when mounted, and again
 * NOTICE_SETTLE_MS after the server says `topic` changed, or after a
 * reconnect. Only while the socket is open: offline or signed out, a read
 * would only fail (and the reconnect reads it anyway). `read` must keep its
 * identity while what it reads stays the same.
 */
export function useNoticedResource<T>(connection: Pick<ScriptConnection, 'onNotice' | 'isOpen'>, topic: NoticeTopic, read: () => Promise<T>): NoticedResource<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers can overtake each other: only the latest request's is shown.
  const latestRequest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latestRequest.current;
    read().then(
      (found) => {
        if (request !== latestRequest.current) return;
        setValue(found);
        setError(null);
      },
      (failure: unknown) => request === latestRequest.current && setError(messageOf(failure)),
    );
  }, [read]);

  useEffect(() => {
    if (connection.isOpen()) reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = connection.onNotice((changed) => {
      if (changed !== topic) return;
      clearTimeout(timer);
      timer = setTimeout(reload, NOTICE_SETTLE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      // Answers after unmounting are dropped.
      ++latestRequest.current;
    };
  }, [connection, topic, reload]);

  return { value, error, reload };
}
