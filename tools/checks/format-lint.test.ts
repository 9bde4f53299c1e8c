import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "./repo-root.js";

// The pinned biome from node_modules, never one from PATH: formatting output
// changes between biome versions, and the gate must agree with `npm run format`.
const biomeBin = join(repoRoot, "node_modules", ".bin", "biome");

test("biome finds nothing unformatted and no lint or import-order problem", () => {
  // `ci` never writes. Warnings fail too: a warning nobody must fix only
  // piles up. The concise reporter gives every finding, one line each.
  const res = spawnSync(
    biomeBin,
    ["ci", "--error-on-warnings", "--colors=off", "--reporter=concise", "--max-diagnostics=none", "."],
    { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
  );
  if (res.error) throw res.error;
  const output = `${res.stdout}${res.stderr}`;
  expect(res.status, `biome ci failed; \`npm run format\` fixes formatting and safe fixes:\n${output}`).toBe(0);
});
