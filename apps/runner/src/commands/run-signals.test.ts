import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { constants } from "node:os";
import { join } from "node:path";
import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { eventually, gone, readReport, sessionCmdArgs, spawnRunner, useRunnerWorld } from "../testing/index.js";

const suite = useRunnerWorld();
const world = () => suite.world();
const place = () => suite.place();

describe("acp-runner run and signals", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`passes ${signal} on to CMD, then wipes and exits as CMD did`, async () => {
      const session = await world().session([ProviderType.KUBECONFIG]);
      const where = await place();
      const userMcp = '{"mcpServers":{}}\n';
      await writeFile(join(where.workdir, ".mcp.json"), userMcp);
      const runner = spawnRunner(
        [
          "run",
          "--server",
          world().api.url,
          "--session-token-file",
          session.tokenFile,
          "--workdir",
          where.workdir,
          ...sessionCmdArgs("wait", where.report),
        ],
        where.env,
      );
      await eventually(() => existsSync(where.report), 15_000, "CMD started");
      const dir = readReport(where.report)!.dir!;
      runner.child.kill(signal);
      const { code, stderr } = await runner.done;
      expect(code, stderr).toBe(128 + constants.signals[signal]);
      expect(await readFile(`${where.report}.signal`, "utf8")).toBe(signal);
      expect(await gone(dir)).toBe(true);
      expect(await readFile(join(where.workdir, ".mcp.json"), "utf8")).toBe(userMcp);
    });
  }

  it("leaves a SIGKILLed runner's files to the next runner's sweep, which removes them and restores .mcp.json", async () => {
    const session = await world().session([ProviderType.GITHUB, ProviderType.KUBECONFIG]);
    const where = await place();
    const userMcp = '{"mcpServers":{"mine":{"command":"true"}}}\n';
    await writeFile(join(where.workdir, ".mcp.json"), userMcp);
    const args = ["run", "--server", world().api.url, "--session-token-file", session.tokenFile];
    const killed = spawnRunner(
      [...args, "--workdir", where.workdir, ...sessionCmdArgs("wait", where.report)],
      where.env,
    );
    await eventually(() => existsSync(where.report), 15_000, "CMD started");
    const seen = readReport(where.report)!;
    killed.child.kill("SIGKILL");
    // As if the pod went with it: CMD does not outlive the test (and holds the runner's stderr open until it goes).
    process.kill(seen.pid, "SIGKILL");
    await killed.done;
    expect(await gone(seen.dir!)).toBe(false);
    expect(await readFile(join(where.workdir, ".mcp.json"), "utf8")).not.toBe(userMcp);

    // The next runner on this machine, for another session, sweeps the runtime root at its start.
    const other = await world().session([ProviderType.GITHUB]);
    const next = spawnRunner(
      [
        "run",
        "--server",
        world().api.url,
        "--session-token-file",
        other.tokenFile,
        "--no-workdir-mcp",
        ...sessionCmdArgs("observe", `${where.report}-next`, "0"),
      ],
      where.env,
    );
    const { code, stderr } = await next.done;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/"msg":"removed stale secrets directories".*"paths":\[[^\]]*/);
    expect(await gone(seen.dir!)).toBe(true);
    expect(await readdir(join(where.runtime, "acp"))).toEqual([]);
    expect(await readFile(join(where.workdir, ".mcp.json"), "utf8")).toBe(userMcp);
  });
});
