import { fieldPath } from "./config-path.js";
import type { KubeconfigProblem } from "./public-types.js";

export type YamlRecord = Readonly<Record<string, unknown>>;

// Control and line-separator characters would either break an HTTP header or
// change meaning when the value is written back out as YAML.
const notSingleLine = /[\p{Cc}\p{Zl}\p{Zp}]/u;

export function asRecord(value: unknown): YamlRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as YamlRecord) : undefined;
}

export function fieldValue(record: YamlRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Like client-go's omitempty: null, "" and empty collections mean the field is not set. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  const record = asRecord(value);
  return record === undefined || Object.keys(record).length > 0;
}

export function hasField(record: YamlRecord, key: string): boolean {
  return isSet(fieldValue(record, key));
}

export type Presence = "required" | "optional";

/** A string field; reports why it is unusable and returns undefined then, or when it is absent. */
export function readString(
  record: YamlRecord,
  key: string,
  parentPath: string,
  presence: Presence,
  problems: KubeconfigProblem[],
): string | undefined {
  const value = fieldValue(record, key);
  const path = fieldPath(parentPath, key);
  if (!isSet(value)) {
    if (presence === "required") problems.push({ path, message: "is required and must not be empty" });
    return undefined;
  }
  if (typeof value !== "string") {
    problems.push({ path, message: "must be a string; quote the value if YAML reads it as a number or boolean" });
    return undefined;
  }
  return value;
}

/** A string field that must fit on one line, as names, URLs and tokens do. */
export function readText(
  record: YamlRecord,
  key: string,
  parentPath: string,
  presence: Presence,
  problems: KubeconfigProblem[],
): string | undefined {
  const value = readString(record, key, parentPath, presence, problems);
  if (value !== undefined && notSingleLine.test(value)) {
    problems.push({ path: fieldPath(parentPath, key), message: "must be a single line without control characters" });
    return undefined;
  }
  return value;
}

/** An optional boolean field, false when absent. */
export function readFlag(record: YamlRecord, key: string, parentPath: string, problems: KubeconfigProblem[]): boolean {
  const value = fieldValue(record, key);
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") {
    problems.push({ path: fieldPath(parentPath, key), message: "must be true or false" });
    return false;
  }
  return value;
}
