import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMcpLaunch } from "./index.js";

// .mcp.json's own placeholder syntax, built so it never reads as a mistyped template literal.
const ref = (name: string) => `\${${name}}`;

describe("readMcpLaunch", () => {
  let dir: string;
  let mcpJson: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mcp-config-"));
    mcpJson = join(dir, ".mcp.json");
    const entry = {
      command: "npx",
      args: ["-y", "some-server@1.2.3", "--kubeconfig", `${ref("SECRETS")}/file`, "--level", ref("LEVEL:-info")],
      env: { KUBECONFIG: `${ref("SECRETS")}/file`, PLAIN: "as-is" },
    };
    await writeFile(mcpJson, JSON.stringify({ mcpServers: { one: entry } }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("takes command, args and env from the entry, over the given environment, expanding variables as Claude Code does", async () => {
    const launch = await readMcpLaunch(mcpJson, "one", { cwd: dir, env: { SECRETS: "/run/s", PATH: "/bin" } });
    expect(launch).toEqual({
      command: "npx",
      args: ["-y", "some-server@1.2.3", "--kubeconfig", "/run/s/file", "--level", "info"],
      env: { KUBECONFIG: "/run/s/file", PLAIN: "as-is" },
      baseEnv: { SECRETS: "/run/s", PATH: "/bin" },
      cwd: dir,
    });
  });

  it("refuses a missing server or an unset variable instead of starting something else", async () => {
    await expect(readMcpLaunch(mcpJson, "two", { env: {} })).rejects.toThrow("has no mcpServers.two");
    await expect(readMcpLaunch(mcpJson, "one", { env: {} })).rejects.toThrow(ref("SECRETS"));
  });
});
