import { UsageError } from "../io/index.js";
import { parseDuration } from "./duration-flag.js";

/** A point in time as a flag gives it: a span back from now (`1h`), or a timestamp. */
export type TimeBound = { readonly kind: "ago"; readonly ms: number } | { readonly kind: "at"; readonly date: Date };

// RFC 3339, as the API's JSON writes timestamps; a date alone means its midnight UTC.
const timestamp = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `--since 1h`, `--until 2026-01-31T12:00:00Z`: checked when parsed, resolved against the clock when run. */
export function parseTimeBound(text: string, flag: string): TimeBound {
  if (timestamp.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return { kind: "at", date };
  }
  if (/^\d/.test(text) && !text.includes("-")) return { kind: "ago", ms: parseDuration(text, flag) };
  throw new UsageError(
    `${flag}: expected a duration back from now (30m, 1h, 7d) or a time (2026-01-31T12:00:00Z), got ${JSON.stringify(text)}`,
  );
}

export function resolveTimeBound(bound: TimeBound, now: Date): Date {
  return bound.kind === "at" ? bound.date : new Date(now.getTime() - bound.ms);
}
