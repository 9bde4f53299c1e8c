import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

// Tracked files plus untracked files that are not ignored: what a commit could
// contain. A new file must be gated before anyone remembers to `git add` it,
// while node_modules, .nx and other ignored output must never be.
export function listRepoFiles(root: string, pathspecs: readonly string[]): string[] {
  const out = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...pathspecs],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const files = new Set(out.split("\0").filter((p) => p !== ""));
  // A tracked file deleted in the working tree is still listed by --cached.
  return [...files].filter((p) => existsSync(join(root, p))).sort();
}
