import { UsageError } from "../session/index.js";

const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const pattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** "500ms", "30s", "2m", "1h": one number and one unit, as the runner's timeouts need, in milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = pattern.exec(text.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * scale[match[2] as keyof typeof scale];
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new UsageError(`${flag}: expected a duration such as 500ms, 30s, 2m or 1h, got ${JSON.stringify(text)}`);
  }
  return Math.round(ms);
}
