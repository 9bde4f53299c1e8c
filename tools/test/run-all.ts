// `npm test`: typecheck every workspace, run every vitest suite, then print
// "N passed, N failed" as the very last line, which CI reads as the result.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { countTests, formatCountLine, type VitestJson } from "./count-line.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const resultsFile = join(root, ".cache", "vitest-results.json");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

// nx must never prompt or reach for the network in CI, and a leftover daemon
// would outlive the run.
const env = { ...process.env, NX_NO_CLOUD: "true", NX_DAEMON: "false" };

// Resolves on "close", after the child's output streams are drained, so nothing
// it prints can land after the count line. No stdin: nothing may wait on a prompt.
function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => {
      console.error(`could not start ${command}: ${err.message}`);
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readResults(): VitestJson | undefined {
  if (!existsSync(resultsFile)) return undefined;
  try {
    return JSON.parse(readFileSync(resultsFile, "utf8")) as VitestJson;
  } catch (err) {
    console.error(`unreadable ${resultsFile}: ${(err as Error).message}`);
    return undefined;
  }
}

// Locally the cache saves time; in CI every gate must really run, so a stale
// or machine-shared cache entry can never stand in for a typecheck.
const cacheFlags = process.env["CI"] ? ["--skip-nx-cache"] : [];
const typecheckCode = await run(bin("nx"), ["run-many", "-t", "typecheck", "--output-style=stream", ...cacheFlags]);

// A stale file from an earlier run must never be counted as this run's result.
rmSync(resultsFile, { force: true });
mkdirSync(dirname(resultsFile), { recursive: true });
const vitestCode = await run(bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${resultsFile}`,
]);

const counts = countTests({ results: readResults(), typecheckFailed: typecheckCode !== 0, vitestExitCode: vitestCode });
if (typecheckCode !== 0) console.error(`typecheck failed (exit ${typecheckCode})`);
process.stdout.write(`${formatCountLine(counts)}\n`);
process.exitCode = counts.failed > 0 || typecheckCode !== 0 || vitestCode !== 0 ? 1 : 0;
