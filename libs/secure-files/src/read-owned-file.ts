import { constants, type Stats } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { currentUid } from "./current-uid.js";
import { fileProblem, refusal } from "./path-problem.js";
import { errnoCode, ioError, SecureFileError } from "./secure-file-error.js";

export interface OwnedFile {
  readonly contents: Buffer;
  readonly stat: Stats;
}

/**
 * Reads `path` if it is a regular file of ours, judged on the open handle
 * (fstat) so the file checked is the file read. O_NOFOLLOW refuses a symlink
 * in its place; O_NONBLOCK keeps a FIFO planted there from blocking the open
 * forever (it is then refused as not a regular file). Resolves to undefined
 * when nothing is there.
 */
export async function readOwnedFile(path: string): Promise<OwnedFile | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw refusal(path, { code: "symlink", detail: "is a symbolic link" });
    // A socket cannot be opened at all.
    if (code === "ENXIO") throw refusal(path, { code: "not-regular-file", detail: "is not a regular file" });
    throw ioError("open", path, error);
  }
  try {
    const stat = await handle.stat();
    const problem = fileProblem(stat, currentUid());
    if (problem) throw refusal(path, problem);
    return { contents: await handle.readFile(), stat };
  } catch (error) {
    if (error instanceof SecureFileError) throw error;
    throw ioError("read", path, error);
  } finally {
    await handle.close();
  }
}
