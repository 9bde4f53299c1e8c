import { lstat, mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { currentUid } from "./current-uid.js";
import { openDirectory } from "./open-directory.js";
import { directoryProblem, refusal } from "./path-problem.js";
import { brandPrivateDir, type PrivateDir } from "./private-dir.js";
import { attempt, ioError } from "./secure-file-error.js";

export interface EnsurePrivateDirOptions {
  /**
   * Also create missing parent directories, each with mode 0700. Off by
   * default: a missing parent more often means a wrong path than a first run.
   */
  readonly createParents?: boolean;
  /**
   * Tighten a directory that exists, is ours, and is open to group or others
   * to 0700 instead of refusing it. For a directory that is ours by
   * convention, such as acpctl's `~/.config/acpctl` created earlier under a
   * loose umask. Another user's directory is refused all the same: fixing
   * its mode would not make it private.
   */
  readonly tightenMode?: boolean;
}

/**
 * Creates `path` with mode 0700 unless it exists, then checks with lstat that
 * it is a real directory (not a symlink), owned by this process's user, with
 * no group or other permission bits. Refuses with a `SecureFileError` rather
 * than fixing a directory it did not just create, unless `tightenMode` says
 * a loose mode on a directory of ours may be fixed.
 */
export async function ensurePrivateDir(path: string, options: EnsurePrivateDirOptions = {}): Promise<PrivateDir> {
  const absolute = resolve(path);
  const created = await makeDirectory(absolute, options.createParents === true);
  const stat = await attempt("inspect", absolute, () => lstat(absolute));
  const problem = directoryProblem(stat, currentUid());
  const fixable = problem?.code === "loose-mode" && (created || options.tightenMode === true);
  if (problem && !fixable) throw refusal(absolute, problem);
  // One we just made is set to exactly 0700 even when the umask took owner
  // bits away from mkdir's mode.
  if (created || problem) await setPrivateMode(absolute);
  return brandPrivateDir(absolute);
}

/** Resolves to whether this call created the directory. */
async function makeDirectory(path: string, parents: boolean): Promise<boolean> {
  try {
    // With `recursive`, mkdir resolves to the first directory it created, or
    // to undefined when `path` already existed.
    if (parents) return (await mkdir(path, { recursive: true, mode: 0o700 })) !== undefined;
    await mkdir(path, { mode: 0o700 });
    return true;
  } catch (error) {
    // Something already sits at the path (a dangling symlink makes recursive
    // mkdir say ENOENT); the lstat that follows names it better.
    const present = await lstat(path).then(
      () => true,
      () => false,
    );
    if (present) return false;
    throw ioError("create", path, error);
  }
}

/**
 * chmod 0700 through a handle on the directory itself (O_NOFOLLOW), checked
 * again on that handle: if the path was swapped since the lstat, what is
 * changed is still a directory of ours, never a symlink's target.
 */
async function setPrivateMode(path: string): Promise<void> {
  const handle = await openDirectory(path);
  try {
    const opened = await attempt("inspect", path, () => handle.stat());
    const problem = directoryProblem(opened, currentUid());
    if (problem && problem.code !== "loose-mode") throw refusal(path, problem);
    await attempt("set the mode of", path, () => handle.chmod(0o700));
  } finally {
    await handle.close();
  }
}
