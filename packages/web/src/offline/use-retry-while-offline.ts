import { useEffect } from 'react';
import { reconnectDelayMs } from '../collab/reconnect-backoff.js';

/**
 * While `offline`, calls `retry` again with the editor's reconnect backoff
 * (and at once when the browser says it is back online), so a page showing
 * what this browser holds turns into the server's answer when the server is
 * back, without a reload. `retry` ends the loop by making `offline` false.
 */
export function useRetryWhileOffline(offline: boolean, retry: () => Promise<void>): void {
  useEffect(() => {
    if (!offline) return;
    let live = true;
    let attempts = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (delayMs: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void retry().finally(() => live && schedule(reconnectDelayMs(attempts++)));
      }, delayMs);
    };
    const online = () => {
      attempts = 0;
      schedule(0);
    };
    schedule(reconnectDelayMs(attempts++));
    window.addEventListener('online', online);
    return () => {
      live = false;
      clearTimeout(timer);
      window.removeEventListener('online', online);
    };
  }, [offline, retry]);
}
