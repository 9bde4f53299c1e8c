import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./repo-root.js";

export interface BufResult {
  code: number;
  // stdout and stderr together: buf reports findings on stdout and errors on
  // stderr, and a failing assertion should show both.
  output: string;
}

// The pinned buf from node_modules, never one from PATH, so the gates check with
// the same version the generate script uses.
export const bufBin = join(repoRoot, "node_modules", ".bin", "buf");

export function runBuf(args: readonly string[], cwd: string = repoRoot): BufResult {
  const res = spawnSync(bufBin, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return { code: res.status ?? 1, output: `${res.stdout}${res.stderr}` };
}
