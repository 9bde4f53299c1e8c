import { UsageError } from "./command.js";

const unitMs: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "30m", "24h", "7d", or a sum of them ("1h30m"), as kubectl and Go write durations. */
export function parseDuration(text: string, flag: string): number {
  const parts = [...text.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new UsageError(`${flag}: expected a duration such as 30m, 8h or 7d, got ${JSON.stringify(text)}`);
  }
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * unitMs[unit!]!, 0);
  if (ms <= 0) throw new UsageError(`${flag}: must be longer than zero`);
  return ms;
}
