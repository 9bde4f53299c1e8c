import { createHash } from "node:crypto";
import { lstat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { errnoCode, readOwnedFile, replaceFile, SecureFileError } from "@acp/secure-files";

/**
 * A file in the user's workdir (`.mcp.json`), which is an ordinary directory,
 * not a private one: read without following a symlink, written by renaming a
 * complete temporary file over it, never written through a symlink.
 */
export interface WorkdirFile {
  readonly bytes: Buffer;
  readonly mode: number;
}

export async function readWorkdirFile(path: string): Promise<WorkdirFile | undefined> {
  const file = await readOwnedFile(path);
  return file === undefined ? undefined : { bytes: file.contents, mode: file.stat.mode & 0o7777 };
}

/** Resolves to whether anything was written: the same bytes and mode are left alone. */
export async function writeWorkdirFile(path: string, wanted: WorkdirFile): Promise<boolean> {
  const current = await readWorkdirFile(path);
  if (current !== undefined && current.mode === wanted.mode && current.bytes.equals(wanted.bytes)) return false;
  try {
    await replaceFile(dirname(path), path, wanted.bytes, wanted.mode);
  } catch (error) {
    // Named for the target rather than the temporary file the failure may mention.
    const reason = errnoCode(error instanceof SecureFileError ? error.cause : error) ?? "unknown error";
    throw new SecureFileError("io", path, `could not write ${path}: ${reason}`, { cause: error });
  }
  return true;
}

/** Resolves to whether a file was there. A symlink or directory in its place is refused, not removed. */
export async function removeWorkdirFile(path: string): Promise<boolean> {
  const problem = await replaceableTargetProblem(path);
  if (problem !== undefined) throw problem;
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return false;
    throw new SecureFileError("io", path, `could not remove ${path}: ${errnoCode(error) ?? "unknown error"}`);
  }
}

/** Why `path` may not be written or removed (a symlink, a directory, …), or undefined when nothing is wrong. */
export async function replaceableTargetProblem(path: string): Promise<SecureFileError | undefined> {
  try {
    const stat = await lstat(path);
    if (stat.isSymbolicLink()) return new SecureFileError("symlink", path, `${path} is a symbolic link`);
    if (!stat.isFile()) return new SecureFileError("not-regular-file", path, `${path} is not a regular file`);
    return undefined;
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") return undefined;
    return new SecureFileError("io", path, `could not inspect ${path}: ${code ?? "unknown error"}`);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
