import type { Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { currentUid } from "./current-uid.js";
import { directoryProblem, refusal } from "./path-problem.js";
import { errnoCode, ioError, SecureFileError } from "./secure-file-error.js";

declare const verified: unique symbol;

/**
 * The absolute path of a directory that `ensurePrivateDir` verified: real,
 * ours, mode 0700. Only that function brands a path, so a path nobody
 * verified cannot reach a writer without a deliberate cast. Still a string,
 * so it can go straight into `KUBECONFIG=` or a log line.
 */
export type PrivateDir = string & { readonly [verified]: true };

/** Only for `ensurePrivateDir`, after its checks passed. */
export function brandPrivateDir(absolutePath: string): PrivateDir {
  return absolutePath as PrivateDir;
}

/**
 * Verifies `dir` again with one lstat, because a directory verified once may
 * since have been swapped for a symlink or a file, or chmod-ed open.
 * Resolves to false when it no longer exists, so removals can be idempotent;
 * `requireDir` is for everything else.
 */
export async function checkPrivateDir(dir: PrivateDir): Promise<boolean> {
  let stat: Stats;
  try {
    stat = await lstat(dir);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return false;
    throw ioError("inspect", dir, error);
  }
  const problem = directoryProblem(stat, currentUid());
  if (problem) throw refusal(dir, problem);
  return true;
}

export async function requireDir(dir: PrivateDir): Promise<void> {
  if (!(await checkPrivateDir(dir))) throw new SecureFileError("io", dir, `could not use ${dir}: ENOENT`);
}
