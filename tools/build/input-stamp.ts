import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// What a bundle was built from, and what it produced: every file by content
// hash. Content rather than size+mtime, so a checkout, `touch` or copy that
// leaves the bytes alone does not rebuild, and an edit that keeps size and
// mtime (an mtime-preserving copy, a coarse clock) still does. Measured: about
// 10 ms for the API's ~630 files (2.2 MB), against 2–5 ms for stat() alone.
export interface Stamp {
  readonly version: typeof stampVersion;
  /** Repository-relative path → sha256 of its content. */
  readonly files: Readonly<Record<string, string>>;
}

const stampVersion = 1;

export function hashContent(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Hashes files as they are now; throws if one is missing. */
export function stampFiles(root: string, paths: Iterable<string>): Stamp {
  const files: Record<string, string> = {};
  for (const path of paths) files[path] = hashContent(readFileSync(join(root, path)));
  return { version: stampVersion, files };
}

export function parseStamp(text: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(text) as Partial<Stamp>;
    return stamp.version === stampVersion && typeof stamp.files === "object" && stamp.files !== null
      ? (stamp as Stamp)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the stamp no longer describes the files on disk, or undefined when it
 * still does. Stops at the first difference: a stale build is rebuilt
 * whatever else changed.
 */
export function staleReason(root: string, stamp: Stamp): string | undefined {
  for (const [path, hash] of Object.entries(stamp.files)) {
    let content: Buffer;
    try {
      content = readFileSync(join(root, path));
    } catch {
      return `${path} is gone`;
    }
    if (hashContent(content) !== hash) return `${path} changed`;
  }
  return undefined;
}
