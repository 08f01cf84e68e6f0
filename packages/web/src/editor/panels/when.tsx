import { absoluteTime, relativeTime } from './relative-time.js';

/** When something happened, relative to now; the date and time on hover (and for assistive technology, in `dateTime`). */
export function When({ iso }: { iso: string }) {
  return (
    <time className="when" dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}
