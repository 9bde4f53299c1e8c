import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { SecureFileError, type SecureFileErrorCode } from "../secure-file-error.js";

export const isRoot = process.geteuid?.() === 0;

// Someone else, for the ownership refusals: nobody on Debian and most Linux.
export const otherUid = 65534;

/**
 * A fresh directory per call under the system temp dir, removed after the
 * test. mkdtemp makes it 0700 and ours, so what a test builds inside it is
 * the only thing under test.
 */
export function scratchDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "secure-files-"));
    made.push(dir);
    return dir;
  };
}

/** Awaits `promise` and checks it was refused with `code`, naming `path`. */
export async function expectRefusal(
  promise: Promise<unknown>,
  code: SecureFileErrorCode,
  path: string,
): Promise<SecureFileError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecureFileError);
  const refusal = error as SecureFileError;
  expect({ code: refusal.code, path: refusal.path }).toEqual({ code, path });
  expect(refusal.message).toContain(path);
  return refusal;
}

/** Entries of `dir`, to show that a refused or failed call left nothing behind. */
export function entriesOf(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Runs `body` under `mask`, restoring the old umask however it ends. */
export async function withUmask<T>(mask: number, body: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await body();
  } finally {
    process.umask(previous);
  }
}
