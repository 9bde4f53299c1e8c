import { join } from "node:path";
import type { PrivateDir } from "./private-dir.js";
import { SecureFileError } from "./secure-file-error.js";

// NAME_MAX on Linux and macOS; refused here so a long name is a bad name
// rather than an ENAMETOOLONG from somewhere in the middle of a write.
const nameMaxBytes = 255;

function nameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "it is not a string";
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return "it names a directory";
  if (name.includes("/")) return 'it contains "/"';
  if (name.includes("\0")) return "it contains a NUL character";
  if (Buffer.byteLength(name) > nameMaxBytes) return `it is longer than ${nameMaxBytes} bytes`;
  return undefined;
}

/**
 * The path of file `name` directly inside `dir`. `name` must be a bare file
 * name, so no caller can reach outside the private directory with `../` or
 * into a subdirectory whose privacy nobody checked.
 */
export function privateFilePath(dir: PrivateDir, name: string): string {
  const problem = nameProblem(name);
  if (problem !== undefined) {
    throw new SecureFileError("bad-name", dir, `${JSON.stringify(name)} is not a bare file name in ${dir}: ${problem}`);
  }
  return join(dir, name);
}
