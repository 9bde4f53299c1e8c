import type { FieldViolation } from "./request-errors.js";

/**
 * Which characters a string field may hold:
 * - "line": no control characters at all (ids, names, tokens, urls);
 * - "text": tab and newline only (descriptions people write);
 * - "opaque": anything but NUL (secrets, validated by their provider and never stored as text).
 * None may hold NUL: PostgreSQL refuses it in text, SQLite keeps it, so it would be one answer per store.
 */
export type Characters = "line" | "text" | "opaque";

export interface TextLimit {
  readonly max: number;
  /** Bytes where the limit protects storage and tools that count bytes; characters where people count. */
  readonly unit: "bytes" | "characters";
  readonly characters: Characters;
  /** A shape the whole value must have, with the words that explain it; it implies the characters. */
  readonly pattern?: { readonly test: RegExp; readonly description: string };
}

// Bidirectional embeddings, overrides and isolates reorder what a reader
// sees: "safe\u202Eexe.txt" reads as "safetxt.exe". Marks (U+200E/F) are harmless.
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/u;
const anyControl = /\p{Cc}/u;
// With the u flag only a surrogate without its pair matches.
const loneSurrogate = /\p{Cs}/u;
const controlButTabOrNewline = /[^\P{Cc}\t\n]/u;

function length(value: string, unit: TextLimit["unit"]): number {
  return unit === "bytes" ? Buffer.byteLength(value, "utf8") : value.length;
}

/** Why `value` does not fit `limit`, as at most one violation of `field`; the empty string always fits. */
export function textViolations(field: string, value: string, limit: TextLimit): FieldViolation[] {
  const problem = textProblem(value, limit);
  return problem === undefined ? [] : [{ field, description: problem }];
}

function textProblem(value: string, limit: TextLimit): string | undefined {
  // Unset, in proto3: whether the field is required is the handler's to say.
  if (value === "") return undefined;
  // The length first, so an oversized value is never scanned by a pattern.
  if (length(value, limit.unit) > limit.max) return `must be at most ${limit.max} ${limit.unit}`;
  // A lone surrogate cannot be stored as UTF-8; each driver would replace it its own way.
  if (loneSurrogate.test(value)) return "must be valid Unicode";
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (limit.pattern !== undefined) return limit.pattern.test.test(value) ? undefined : limit.pattern.description;
  if (limit.characters === "line" && anyControl.test(value)) return "must not contain control characters";
  if (limit.characters === "text" && controlButTabOrNewline.test(value))
    return "must not contain control characters other than tab and newline";
  if (limit.characters !== "opaque" && bidiControl.test(value))
    return "must not contain bidirectional override characters (U+202A to U+202E, U+2066 to U+2069)";
  return undefined;
}
