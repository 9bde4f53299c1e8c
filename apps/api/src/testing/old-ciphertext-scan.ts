// Test support for key retirement: which of some sealed secrets can still be
// found, byte for byte, in a SQLite database's files.
import { readFile } from "node:fs/promises";
import type { SealedSecret } from "../storage/index.js";

// Long enough that a chance match in 200 KB of random pages is ~2^-100.
const windowBytes = 16;

/** Windows at the start, middle and end: a secret split across pages still shows a part. */
function windowsOf(sealed: Uint8Array): Buffer[] {
  const bytes = Buffer.from(sealed);
  if (bytes.length <= windowBytes) return [bytes];
  const middle = Math.floor((bytes.length - windowBytes) / 2);
  return [0, middle, bytes.length - windowBytes].map((at) => bytes.subarray(at, at + windowBytes));
}

async function readIfPresent(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
    throw error;
  }
}

/** How many of `secrets` have any window present in the database file or its -wal file. */
export async function countFoundInSqliteFiles(file: string, secrets: readonly SealedSecret[]): Promise<number> {
  const contents = [await readIfPresent(file), await readIfPresent(`${file}-wal`)];
  return secrets.filter((secret) =>
    windowsOf(secret.sealed).some((window) => contents.some((content) => content.includes(window))),
  ).length;
}
