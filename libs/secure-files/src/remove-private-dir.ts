import { readdir, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { checkPrivateDir, type PrivateDir } from "./private-dir.js";
import { attempt } from "./secure-file-error.js";

/**
 * Removes `dir` and everything in it. Resolves to false when it was already
 * gone. It is verified first, like every other call, so a private directory
 * swapped for a symlink is refused rather than emptied through the link; a
 * symlink inside it is unlinked, never recursed into, so nothing outside is
 * ever touched.
 */
export async function removePrivateDir(dir: PrivateDir): Promise<boolean> {
  if (!(await checkPrivateDir(dir))) return false;
  await removeTree(dir);
  return true;
}

async function removeTree(path: string): Promise<void> {
  // Dirent types describe the entry itself, as lstat does (Node falls back
  // to lstat when the filesystem does not report them): a symlink to a
  // directory is a symlink here, not a directory.
  const entries = await attempt("list", path, () => readdir(path, { withFileTypes: true }));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await removeTree(child);
    else await attempt("remove", child, () => unlink(child));
  }
  await attempt("remove", path, () => rmdir(path));
}
