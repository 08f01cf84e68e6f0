const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Each unit and how many of it make the next. */
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** Under this many seconds away, a moment reads "now". */
const NOW_S = 10;

/**
 * "5 minutes ago", "yesterday", "in 2 hours" (a clock ahead of the server's):
 * the largest unit that fits, in `locale` (the browser's when undefined).
 */
export function relativeTime(iso: string, now: number = Date.now(), locale?: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  let amount = (Date.parse(iso) - now) / 1000;
  if (Math.abs(amount) < NOW_S) return format.format(0, 'second');
  let unit: Intl.RelativeTimeFormatUnit = 'second';
  for (const [name, size] of UNITS) {
    unit = name;
    if (Math.abs(amount) < size) break;
    amount /= size;
  }
  return format.format(Math.round(amount), unit);
}

/** The date and time, as the browser's locale writes them. */
export function absoluteTime(iso: string): string {
  return ABSOLUTE.format(new Date(iso));
}
