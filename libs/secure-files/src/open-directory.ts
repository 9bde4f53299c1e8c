import { constants } from "node:fs";
import { type FileHandle, lstat, open } from "node:fs/promises";
import { refusal } from "./path-problem.js";
import { errnoCode, ioError } from "./secure-file-error.js";

/**
 * Opens a directory itself, never what a symlink in its place points to, so
 * a chmod or fsync through the handle reaches exactly the directory that was
 * checked.
 */
export async function openDirectory(path: string): Promise<FileHandle> {
  try {
    return await open(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errnoCode(error);
    // Linux answers ENOTDIR, not ELOOP, for a symlink opened with both flags.
    if (code !== "ELOOP" && code !== "ENOTDIR") throw ioError("open", path, error);
    const stat = await lstat(path).catch(() => undefined);
    if (stat?.isSymbolicLink()) throw refusal(path, { code: "symlink", detail: "is a symbolic link" });
    throw refusal(path, { code: "not-directory", detail: "is not a directory" });
  }
}

/**
 * Makes a rename in `path` durable: until the directory entry is on disk, a
 * crash can bring back the old file or lose the new one.
 */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await openDirectory(path);
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems cannot fsync a directory at all; there is nothing
    // more durable to ask them for.
    if (errnoCode(error) !== "EINVAL") throw ioError("sync", path, error);
  } finally {
    await handle.close();
  }
}
