/**
 * Wall-clock times in a named zone (issue 13.2: the operator picks a callback time in the customer's local time).
 * A `datetime-local` value (`2026-03-04T14:30`) read in `zone` becomes an instant, and an instant becomes the value.
 */

function wallParts(at: Date, zone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** How far `zone`'s wall clock is ahead of UTC at `at`, in ms. */
function offsetAt(at: Date, zone: string): number {
  const w = wallParts(at, zone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(at.getTime() / 60_000) * 60_000;
}

/**
 * The instant a `YYYY-MM-DDTHH:MM` wall-clock time in `zone` names, or null when the text is not one. A time the
 * clocks skip (a spring-forward gap) comes out an hour later, as a clock on the wall would show it.
 */
export function instantInZone(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  if (Number.isNaN(wall)) return null;
  // Twice: the offset at the first guess may differ from the offset at the answer across a DST change.
  let t = wall - offsetAt(new Date(wall), zone);
  t = wall - offsetAt(new Date(t), zone);
  return new Date(t);
}

/** The `datetime-local` value `at` shows on a wall clock in `zone`. */
export function localInputInZone(at: Date, zone: string): string {
  const w = wallParts(at, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}
