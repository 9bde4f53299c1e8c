import { privateFilePath } from "./file-name.js";
import { groupOtherBits, permissionBits } from "./mode-bits.js";
import { type PrivateDir, requireDir } from "./private-dir.js";
import { readOwnedFile } from "./read-owned-file.js";

export interface PrivateFileContents {
  readonly contents: Buffer;
  /**
   * The file's permission bits (e.g. 0o644) when group or others have any
   * access, so a caller can warn that the file was readable by others;
   * undefined when the file is private. Reported, not refused: the secret
   * may already have leaked, and refusing to read it would not undo that.
   */
  readonly looseMode: number | undefined;
}

/**
 * Reads file `name` of `dir`: a regular file owned by this process's user,
 * never through a symlink. Resolves to undefined when the file does not exist.
 */
export async function readPrivateFile(dir: PrivateDir, name: string): Promise<PrivateFileContents | undefined> {
  const path = privateFilePath(dir, name);
  await requireDir(dir);
  const file = await readOwnedFile(path);
  if (file === undefined) return undefined;
  const loose = (file.stat.mode & groupOtherBits) !== 0;
  return { contents: file.contents, looseMode: loose ? permissionBits(file.stat.mode) : undefined };
}
