import type { Stats } from "node:fs";
import { formatMode, groupOtherBits } from "./mode-bits.js";
import { SecureFileError, type SecureFileErrorCode } from "./secure-file-error.js";

/** Why a path is refused, worded to follow the path in a message. */
export interface PathProblem {
  readonly code: SecureFileErrorCode;
  readonly detail: string;
}

function ownerProblem(stat: Stats, uid: number): PathProblem | undefined {
  if (stat.uid === uid) return undefined;
  return { code: "wrong-owner", detail: `is owned by uid ${stat.uid}, not by this process (uid ${uid})` };
}

/** What keeps `stat` (from lstat) from being a private directory of `uid`. */
export function directoryProblem(stat: Stats, uid: number): PathProblem | undefined {
  if (stat.isSymbolicLink()) return { code: "symlink", detail: "is a symbolic link" };
  if (!stat.isDirectory()) return { code: "not-directory", detail: "is not a directory" };
  return ownerProblem(stat, uid) ?? modeProblem(stat);
}

function modeProblem(stat: Stats): PathProblem | undefined {
  if ((stat.mode & groupOtherBits) === 0) return undefined;
  return { code: "loose-mode", detail: `has mode ${formatMode(stat.mode)}, open to group or others` };
}

/**
 * What keeps `stat` from being a file of `uid` that may be read or compared.
 * The mode is not judged here: a loose file is reported, not refused.
 */
export function fileProblem(stat: Stats, uid: number): PathProblem | undefined {
  return fileKindProblem(stat) ?? ownerProblem(stat, uid);
}

/** What keeps `stat` (from lstat) from being a regular file, whoever owns it. */
export function fileKindProblem(stat: Stats): PathProblem | undefined {
  if (stat.isSymbolicLink()) return { code: "symlink", detail: "is a symbolic link" };
  if (!stat.isFile()) return { code: "not-regular-file", detail: "is not a regular file" };
  return undefined;
}

export function refusal(path: string, problem: PathProblem): SecureFileError {
  return new SecureFileError(problem.code, path, `${path} ${problem.detail}`);
}
