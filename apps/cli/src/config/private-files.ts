import { lstat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { ensurePrivateDir, readPrivateFile, SecureFileError } from "@acp/secure-files";
import { CliError } from "../io/index.js";

// The one place acpctl touches private files, through @acp/secure-files:
// a 0700 directory, a 0600 file replaced atomically, never a symlink.

export interface PrivateText {
  readonly text: string;
  /** The permission bits when group or others have any access, for a warning; undefined when private. */
  readonly looseMode: number | undefined;
}

/**
 * The file at `path`, or undefined when there is none. Reading creates no
 * directory. A loose file mode is reported, not refused: the token may
 * already have leaked, and refusing to read it would not undo that.
 */
export async function readPrivateText(path: string, ownsDirectory: boolean): Promise<PrivateText | undefined> {
  if (!(await exists(dirname(path)))) return undefined;
  return safely(async () => {
    const dir = await ensurePrivateDir(dirname(path), { tightenMode: ownsDirectory });
    const file = await readPrivateFile(dir, basename(path));
    return file && { text: file.contents.toString("utf8"), looseMode: file.looseMode };
  });
}

/**
 * Writes `text` to `path` atomically with mode 0600, creating the directory
 * (and its parents) with 0700. An existing directory open to others is
 * tightened only when `ownsDirectory` (acpctl's own default location), and
 * refused otherwise.
 */
export async function writePrivateText(path: string, text: string, ownsDirectory: boolean): Promise<void> {
  const write = await preparePrivateFile(path, ownsDirectory);
  await write(text);
}

/**
 * Prepares a private file at `path` for a later write: its directory is
 * created or checked now, so a caller learns that the path is unusable before
 * it asks the server for something shown only once (a runner token). The
 * function it returns writes the file as `writePrivateText` does.
 */
export async function preparePrivateFile(
  path: string,
  ownsDirectory = false,
): Promise<(text: string) => Promise<void>> {
  const dir = await safely(() => ensurePrivateDir(dirname(path), { createParents: true, tightenMode: ownsDirectory }));
  return async (text) => {
    // The writer (node:crypto for its temporary names) loads only to write:
    // every command reads the config, few write it.
    const { writePrivateFile } = await import("@acp/secure-files");
    await safely(() => writePrivateFile(dir, basename(path), text));
  };
}

/** The library's refusals name the path and the problem and never the contents: shown as they are. */
async function safely<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SecureFileError) throw new CliError(error.message);
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
