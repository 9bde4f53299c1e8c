import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const processLog = fileURLToPath(new URL("./process-log.ts", import.meta.url));

// A process that logs a burst of lines and ends in the same turn, before the
// buffer's next write could run: whatever gets out, got out through the hooks.
const child = `
import { openProcessLog } from ${JSON.stringify(processLog)};
const { logger } = openProcessLog(process.stderr);
setTimeout(() => {
  for (let i = 0; i < 2000; i++) logger.info("last words", { i });
  const how = process.argv[2];
  if (how === "reject") void Promise.reject(new Error("rejected"));
  else if (how === "exit") process.exit(3);
  else throw new TypeError("thrown");
}, 10);
`;

let dir: string;
let script: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "acp-process-log-"));
  script = join(dir, "crash.ts");
  await writeFile(script, child);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(how: string) {
  // From the repository root, so --import finds tsx.
  const proc = spawn(process.execPath, ["--import", "tsx", script, how], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(proc, "exit")) as [number | null];
  const lines = stderr.split("\n");
  const entries = lines
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stderr, entries };
}

describe("openProcessLog", () => {
  it.each([
    ["an uncaught exception", "throw", "uncaughtException", "TypeError"],
    ["an unhandled rejection", "reject", "unhandledRejection", "Error"],
  ])(
    "gets every line out before %s ends the process, then says so, and node still reports it",
    async (_, how, origin, error) => {
      const { code, stderr, entries } = await run(how);
      expect(code).toBe(1);
      const words = entries.filter((entry) => entry["msg"] === "last words");
      expect(words.map((entry) => entry["i"])).toEqual(Array.from({ length: 2000 }, (_, i) => i));
      expect(entries.at(-1)).toMatchObject({ level: "error", msg: "crashed", origin, error });
      // node's own report (stack and all) follows the structured lines.
      expect(stderr.indexOf(`"msg":"crashed"`)).toBeLessThan(stderr.indexOf(`${error}: `));
    },
  );

  it("gets every line out when the process exits in the same turn", async () => {
    const { code, entries } = await run("exit");
    expect(code).toBe(3);
    expect(entries).toHaveLength(2000);
    expect(entries.every((entry) => entry["msg"] === "last words")).toBe(true);
  });
});
