import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `contents` to a temp file beside `path` and renames it over `path`:
 * readers see the old bytes or the new ones, never a prefix. This is the only
 * update kubernetes-mcp-server 0.0.66 survives reliably (see mcp-reload.test.ts).
 */
export async function replaceFileAtomically(path: string, contents: string, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, contents, { mode, flag: "wx" });
  await rename(temp, path);
}
