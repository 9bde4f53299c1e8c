import { UsageError } from "../io/index.js";

// Largest first: a duration names each unit at most once, in this order.
const units = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
] as const;

// "ms" before "m", so "500ms" is not read as 500 minutes and a stray "s".
const part = /(\d+)(ms|d|h|m|s)/y;

/**
 * "500ms", "30s", "8h", "7d", "1h30m": a positive span in milliseconds. Each
 * unit at most once, largest first, as Go and kubectl write them.
 */
export function parseDuration(text: string, flag: string): number {
  const ms = durationMs(text);
  if (ms === undefined || !(ms > 0) || !Number.isSafeInteger(ms)) {
    throw new UsageError(`${flag}: expected a duration such as 30s, 8h, 7d or 1h30m, got ${JSON.stringify(text)}`);
  }
  return ms;
}

function durationMs(text: string): number | undefined {
  let total = 0;
  let previous = -1;
  part.lastIndex = 0;
  while (part.lastIndex < text.length) {
    const match = part.exec(text);
    if (match === null) return undefined;
    const rank = units.findIndex(([unit]) => unit === match[2]);
    if (rank <= previous) return undefined;
    previous = rank;
    total += Number(match[1]) * units[rank]![1];
  }
  return previous < 0 ? undefined : total;
}
