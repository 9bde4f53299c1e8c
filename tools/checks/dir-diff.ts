import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

// Differences between two trees, as relative paths with a reason. Both
// directions count: a stale extra file in the committed tree is as wrong as a
// missing or changed one, since apps could still import it.
export function diffDirs(expected: string, actual: string): string[] {
  const want = listFiles(expected);
  const have = listFiles(actual);
  const haveSet = new Set(have);
  const wantSet = new Set(want);
  const diffs: string[] = [];
  for (const f of want) {
    if (!haveSet.has(f)) diffs.push(`missing: ${f}`);
    else if (!readFileSync(join(expected, f)).equals(readFileSync(join(actual, f)))) {
      diffs.push(`differs: ${f}`);
    }
  }
  for (const f of have) if (!wantSet.has(f)) diffs.push(`extra: ${f}`);
  return diffs;
}
