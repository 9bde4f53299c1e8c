import type { Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { currentUid } from "./current-uid.js";
import { privateFilePath } from "./file-name.js";
import { formatMode, permissionBits } from "./mode-bits.js";
import { fileKindProblem, refusal } from "./path-problem.js";
import { type PrivateDir, requireDir } from "./private-dir.js";
import { readOwnedFile } from "./read-owned-file.js";
import { replaceFile } from "./replace-file.js";
import { errnoCode, ioError } from "./secure-file-error.js";

/** Owner-only modes: read-write, read-only, and the same for scripts. */
export type PrivateFileMode = 0o600 | 0o400 | 0o700 | 0o500;

const privateFileModes: readonly number[] = [0o600, 0o400, 0o700, 0o500] satisfies PrivateFileMode[];

export interface WritePrivateFileOptions {
  /** 0o600 unless given. */
  readonly mode?: PrivateFileMode;
}

/**
 * "unchanged" when the file already held exactly these bytes with this mode
 * and owner, and was left alone.
 */
export type WriteOutcome = "created" | "replaced" | "unchanged";

/**
 * Writes `contents` to file `name` of `dir` atomically (see `replaceFile`),
 * unless the file already holds exactly these bytes, is ours and has this
 * mode: watchers reload on every write, so an identical rewrite only costs
 * them a reload. There is deliberately no variant that rewrites regardless.
 * Refuses, before writing anything, when a symlink or anything but a
 * regular file sits at the name.
 */
export async function writePrivateFile(
  dir: PrivateDir,
  name: string,
  contents: string | Uint8Array,
  options: WritePrivateFileOptions = {},
): Promise<WriteOutcome> {
  const mode = options.mode ?? 0o600;
  if (!privateFileModes.includes(mode)) throw new RangeError(`mode ${formatMode(mode)} is not an owner-only mode`);
  const bytes = toBytes(contents);
  const target = privateFilePath(dir, name);
  await requireDir(dir);
  const current = await inspectTarget(target);
  if (current !== undefined && (await holds(target, current, bytes, mode))) return "unchanged";
  await replaceFile(dir, target, bytes, mode);
  return current === undefined ? "created" : "replaced";
}

// Converted before anything is created, so contents a caller cannot turn
// into bytes fail the call without leaving anything behind.
function toBytes(contents: string | Uint8Array): Uint8Array {
  if (typeof contents === "string") return Buffer.from(contents, "utf8");
  if (contents instanceof Uint8Array) return contents;
  throw new TypeError("contents must be a string or a Uint8Array");
}

/** The file now at `target` (lstat), or undefined when there is none. */
async function inspectTarget(target: string): Promise<Stats | undefined> {
  let stat: Stats;
  try {
    stat = await lstat(target);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    throw ioError("inspect", target, error);
  }
  // Not the owner: another user's file is not trusted for the comparison,
  // but renaming ours over it is exactly what replaces it.
  const problem = fileKindProblem(stat);
  if (problem) throw refusal(target, problem);
  return stat;
}

async function holds(target: string, current: Stats, bytes: Uint8Array, mode: number): Promise<boolean> {
  // Checked from the lstat first, so a different size never costs a read.
  if (current.uid !== currentUid() || permissionBits(current.mode) !== mode || current.size !== bytes.length) {
    return false;
  }
  const file = await readOwnedFile(target);
  return file?.contents.equals(bytes) === true;
}
