import { lstat } from "node:fs/promises";
import { errnoCode, type PrivateDir } from "@acp/secure-files";

/**
 * `path` as a PrivateDir when something is there, undefined when nothing is.
 * Unlike ensurePrivateDir it never creates the directory: a reader (the git
 * helper, a sweep, `clean`) racing a wipe must not bring back an empty one.
 * The cast is safe because every @acp/secure-files call verifies the
 * directory again (lstat: real, ours, 0700) before it reads or removes
 * anything, and refuses otherwise.
 */
export async function existingPrivateDir(path: string): Promise<PrivateDir | undefined> {
  try {
    await lstat(path);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    throw error;
  }
  return path as PrivateDir;
}
