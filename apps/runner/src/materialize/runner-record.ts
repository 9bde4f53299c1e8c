import { type PrivateDir, readPrivateFile, writePrivateFile } from "@acp/secure-files";
import type { ProcessIdentity } from "./process-identity.js";

/** The pid file: which runner holds the directory, so a sweep can tell a live runner's from a dead one's. */
export const runnerRecordName = "runner.pid";

export interface RunnerRecord {
  readonly owner: ProcessIdentity;
  /** Whether the runner made the directory: then it removes the directory, else only the files in it. */
  readonly createdDir: boolean;
  /** Left for `acp-runner clean` (by `prepare`): no sweep removes it, whether or not its owner lives. */
  readonly kept: boolean;
}

export type RunnerRecordRead =
  | { readonly kind: "missing" }
  | { readonly kind: "unreadable" }
  | { readonly kind: "found"; readonly record: RunnerRecord };

export async function writeRunnerRecord(dir: PrivateDir, record: RunnerRecord): Promise<void> {
  const { owner, createdDir, kept } = record;
  const json = { pid: owner.pid, startTime: owner.startTime, bootId: owner.bootId, uid: owner.uid, createdDir, kept };
  await writePrivateFile(dir, runnerRecordName, `${JSON.stringify(json)}\n`);
}

export async function readRunnerRecord(dir: PrivateDir): Promise<RunnerRecordRead> {
  const file = await readPrivateFile(dir, runnerRecordName);
  if (file === undefined) return { kind: "missing" };
  const record = parseRecord(file.contents.toString("utf8"));
  return record === undefined ? { kind: "unreadable" } : { kind: "found", record };
}

function parseRecord(text: string): RunnerRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { pid, startTime, bootId, uid, createdDir, kept } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || !Number.isSafeInteger(uid)) return undefined;
  if (!isOptionalString(startTime) || !isOptionalString(bootId)) return undefined;
  if (typeof createdDir !== "boolean" || typeof kept !== "boolean") return undefined;
  const owner = { pid: pid as number, startTime, bootId, uid: uid as number };
  return { owner, createdDir, kept };
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === "string";
}
