import type { Duration } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../request-errors.js";

export const defaultSessionTtlMs = 24 * 60 * 60 * 1000;
/** The longest a session may ask for unless the server says otherwise (`--max-session-ttl`). */
export const defaultMaxSessionTtlMs = 7 * defaultSessionTtlMs;

/** The runner token's lifetime a request asks for: unset means the default, capped by the server's maximum. */
export function sessionTtlMs(ttl: Duration | undefined, maxTtlMs: number): number {
  if (ttl === undefined) return Math.min(defaultSessionTtlMs, maxTtlMs);
  const ms = Number(ttl.seconds) * 1000 + Math.trunc(ttl.nanos / 1e6);
  if (!Number.isFinite(ms) || ms <= 0) throw invalidArgument([{ field: "ttl", description: "must be positive" }]);
  if (ms > maxTtlMs) {
    throw invalidArgument([
      { field: "ttl", description: `must be at most ${formatDuration(maxTtlMs)}, this server's --max-session-ttl` },
    ]);
  }
  return ms;
}

export function formatDuration(ms: number): string {
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `${hours}h` : `${Math.round(ms / 1000)}s`;
}
