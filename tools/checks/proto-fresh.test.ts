import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { runBuf } from "./buf.js";
import { diffDirs } from "./dir-diff.js";
import { repoRoot } from "./repo-root.js";

// Must match `out` in buf.gen.yaml; `buf generate -o <dir>` writes there under <dir>.
const genDir = "libs/proto/src/gen";

const scratch = mkdtempSync(join(tmpdir(), "acp-proto-fresh-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("committed generated code matches proto/", () => {
  // The real buf.gen.yaml with only the output base moved, so this checks
  // exactly what `npm run generate` would write.
  const res = runBuf(["generate", "-o", scratch]);
  expect(res.code, res.output).toBe(0);
  const diffs = diffDirs(join(scratch, genDir), join(repoRoot, genDir));
  expect(diffs, `${genDir} is stale: run \`npm run generate\` and commit the result`).toEqual([]);
});
