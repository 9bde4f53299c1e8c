import { unlink } from "node:fs/promises";
import { privateFilePath } from "./file-name.js";
import { type PrivateDir, requireDir } from "./private-dir.js";
import { errnoCode, ioError, SecureFileError } from "./secure-file-error.js";

/**
 * Removes file `name` of `dir`. Resolves to false when it was already gone,
 * so a runner can remove a binding's file without knowing whether it was
 * written. A symlink there is removed itself (unlink never follows one);
 * a directory is refused.
 */
export async function removePrivateFile(dir: PrivateDir, name: string): Promise<boolean> {
  const path = privateFilePath(dir, name);
  await requireDir(dir);
  try {
    await unlink(path);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") return false;
    // Linux says EISDIR for a directory, POSIX allows EPERM.
    if (code === "EISDIR" || code === "EPERM") {
      throw new SecureFileError("not-regular-file", path, `${path} is not a regular file`, { cause: error });
    }
    throw ioError("remove", path, error);
  }
}
