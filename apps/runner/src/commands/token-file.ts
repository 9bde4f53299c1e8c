import { constants } from "node:fs";
import { open } from "node:fs/promises";
import type { Logger } from "../logging/index.js";
import { RunnerError } from "../session/index.js";

// A runner token is ~50 bytes; anything far larger is not a token file.
const maxBytes = 64 * 1024;

/**
 * The runner token from its file. Only the path, the file's mode and an
 * error code are ever reported, never a byte of what it holds. A symlink is
 * followed on purpose: Kubernetes mounts secrets as links into `..data/`.
 */
export async function readTokenFile(path: string, log: Logger): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new RunnerError(`--session-token-file ${path}: ${codeOf(error)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new RunnerError(`--session-token-file ${path}: not a regular file`);
    if (stat.size > maxBytes) throw new RunnerError(`--session-token-file ${path}: too large for a token`);
    if ((stat.mode & 0o077) !== 0) {
      log.warn("the session token file is readable by others; make it 0600 (or 0400)", {
        path,
        mode: `0${(stat.mode & 0o777).toString(8)}`,
      });
    }
    const token = (await handle.readFile("utf8")).trim();
    if (token === "") throw new RunnerError(`--session-token-file ${path}: empty`);
    if (/\s/.test(token)) throw new RunnerError(`--session-token-file ${path}: holds more than one word`);
    return token;
  } catch (error) {
    if (error instanceof RunnerError) throw error;
    throw new RunnerError(`--session-token-file ${path}: ${codeOf(error)}`);
  } finally {
    await handle.close();
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "cannot be read";
}
