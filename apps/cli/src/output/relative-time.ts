const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * A span in kubectl's short style: "45s", "12m", "5h", "3d", "2y". Each unit
 * runs to twice the next one up, so "90m" is kept rather than rounded to "1h".
 */
export function shortDuration(ms: number): string {
  const span = Math.max(0, ms);
  if (span < 2 * minute) return `${Math.floor(span / second)}s`;
  if (span < 2 * hour) return `${Math.floor(span / minute)}m`;
  if (span < 2 * day) return `${Math.floor(span / hour)}h`;
  if (span < 730 * day) return `${Math.floor(span / day)}d`;
  return `${Math.floor(span / (365 * day))}y`;
}

/** How old something created at `then` is; "" when unknown. */
export function age(then: Date | undefined, now: Date): string {
  return then === undefined ? "" : shortDuration(now.getTime() - then.getTime());
}

/** "in 3d" or "expired 2h ago"; "" when the expiry is unknown. */
export function expiry(at: Date | undefined, now: Date): string {
  if (at === undefined) return "";
  const left = at.getTime() - now.getTime();
  return left > 0 ? `in ${shortDuration(left)}` : `expired ${shortDuration(-left)} ago`;
}
