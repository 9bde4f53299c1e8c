/**
 * One structured log line, built by hand: the fields are flat scalars, so
 * concatenation is a few times cheaper than JSON.stringify of a spread object,
 * and every value still goes through JSON's own string escaping.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export type LogLevel = "info" | "warn" | "error";

// A field may not overwrite the line's own keys: a caller's value must never
// be able to pass for the message or the level.
const ownKeys = new Set(["time", "level", "msg"]);

// Keys are a small fixed set, so each is escaped once.
const quotedKeys = new Map<string, string>();

export function formatLogLine(time: string, level: LogLevel, msg: string, fields?: LogFields): string {
  let line = `{"time":"${time}","level":"${level}","msg":${JSON.stringify(msg)}`;
  if (fields === undefined) return `${line}}`;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined || ownKeys.has(key)) continue;
    line += `,${quotedKey(key)}:${jsonScalar(value)}`;
  }
  return `${line}}`;
}

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    // Bounded, in case a caller ever builds keys from data.
    if (quotedKeys.size < 1_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function jsonScalar(value: string | number | boolean): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  return value ? "true" : "false";
}

/**
 * The ISO time of the current millisecond. Formatting a Date costs more than
 * the rest of a line; under load many lines share a millisecond.
 */
export function createIsoClock(now: () => number = Date.now): () => string {
  let lastMs = Number.NaN;
  let lastIso = "";
  return () => {
    const ms = now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}
