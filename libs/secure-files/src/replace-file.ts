import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { syncDirectory } from "./open-directory.js";
import { attempt, ioError } from "./secure-file-error.js";

// O_EXCL: the temporary name must be new, never a file (or a symlink, even a
// dangling one) that is already there. O_NOFOLLOW says the same again for
// symlinks, in case O_EXCL is ever dropped.
const createNew = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Puts `bytes` at `target` by writing a fresh temporary file beside it and
 * renaming that over it. The target is never opened for writing nor
 * unlinked, so a reader sees the old file or the new one, whole; a watcher
 * that follows the inode (kubernetes-mcp-server) sees one rename of complete
 * content. On any failure before the rename the temporary file is removed
 * and the target is untouched. A failure of the final directory fsync means
 * the new file is in place but not known to be durable.
 */
export async function replaceFile(dirPath: string, target: string, bytes: Uint8Array, mode: number): Promise<void> {
  const temp = join(dirPath, `.tmp-${randomBytes(8).toString("hex")}`);
  // The mode is given at creation so the file is never readable by others,
  // not even for the moment before a chmod. Outside the cleanup below: when
  // this open fails, whatever is at that name is not ours to unlink.
  const handle = await attempt("create", temp, () => open(temp, createNew, mode));
  try {
    try {
      // A umask can only remove bits, but it may remove the owner's too.
      await handle.chmod(mode);
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw ioError("write", target, error);
  }
  await syncDirectory(dirPath);
}
