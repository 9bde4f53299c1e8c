import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { diffDirs } from "./dir-diff.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "acp-dir-diff-"));
  dirs.push(root);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  return root;
}

test("identical trees have no differences", () => {
  expect(diffDirs(tree({ "a/b.ts": "x" }), tree({ "a/b.ts": "x" }))).toEqual([]);
});

test("reports missing, changed and extra files", () => {
  const want = tree({ "a/b.ts": "x", "c.ts": "1" });
  const have = tree({ "a/b.ts": "x ", "d.ts": "2" });
  expect(diffDirs(want, have)).toEqual(["differs: a/b.ts", "missing: c.ts", "extra: d.ts"]);
});
