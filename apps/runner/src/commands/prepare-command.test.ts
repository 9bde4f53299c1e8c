import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProviderType } from "@acp/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionSnapshot } from "../client/index.js";
import { fakeSessionApi, runRunner } from "../testing/index.js";

let dir: string;
let tokenFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "acp-runner-prepare-"));
  tokenFile = join(dir, "token");
  await writeFile(tokenFile, "acpr_fake\n", { mode: 0o600 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
const snapshot: SessionSnapshot = {
  sessionId: "s-1",
  expireTime: undefined,
  state: "running",
  credentials: [
    {
      credentialId: "c-1",
      name: "gh",
      provider: ProviderType.GITHUB,
      secret: token,
      url: "",
      email: "",
      summary: undefined,
      updateTime: undefined,
    },
  ],
};

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

describe("prepare and clean, in-process", () => {
  it("prints the session's env as JSON, leaves the files, and clean removes them and restores .mcp.json", async () => {
    const workdir = join(dir, "work-json");
    await mkdir(workdir);
    const userMcp = '{"mcpServers":{"mine":{"command":"true"}}}';
    await writeFile(join(workdir, ".mcp.json"), userMcp);
    const secretsDir = join(dir, "secrets-json");
    const api = fakeSessionApi(snapshot);
    const flags = [
      "--server",
      "https://acp.example.test",
      "--session-token-file",
      tokenFile,
      "--secrets-dir",
      secretsDir,
    ];
    const result = await runRunner(["prepare", ...flags, "--workdir", workdir, "-o", "json"], { api });
    expect(result.code, result.stderr).toBe(0);
    expect(api.closed()).toBe(true);
    const printed = JSON.parse(result.stdout);
    expect(Object.keys(printed)).toEqual(["env", "secretsDir", "files"]);
    expect(printed.secretsDir).toBe(secretsDir);
    expect(printed.env.GITHUB_TOKEN).toBe(token);
    expect(printed.env.ACP_MCP_CONFIG).toBe(join(secretsDir, "mcp.json"));
    expect(printed.env.GIT_CONFIG_COUNT).toBe("2");
    const helper = printed.env.GIT_CONFIG_VALUE_1 as string;
    for (const word of [process.execPath, "/acp-runner.mjs", "git-credential", secretsDir])
      expect(helper).toContain(word);
    for (const file of printed.files) expect(await exists(file), file).toBe(true);
    expect(await readFile(join(secretsDir, "env"), "utf8")).toContain(`export GITHUB_TOKEN='${token}'`);
    expect(result.stderr).not.toContain(token);

    // A later runner's sweep must not take a prepared directory for a dead runner's.
    const again = await runRunner(["prepare", ...flags], { api: fakeSessionApi(snapshot) });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holds a prepared session; run acp-runner clean/);

    const cleaned = await runRunner(["clean", "--secrets-dir", secretsDir]);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(await exists(secretsDir)).toBe(false);
    expect(await readFile(join(workdir, ".mcp.json"), "utf8")).toBe(userMcp);
    expect((await runRunner(["clean", "--secrets-dir", secretsDir])).code).toBe(0);
  });
  it("exits 3 when the server refuses the token, and 4 when it cannot be reached, naming the server", async () => {
    const { RunnerCallError } = await import("../client/index.js");
    const flags = ["--server", "http://127.0.0.1:9", "--session-token-file", tokenFile, "--no-workdir-mcp"];
    const cases = [
      [
        new RunnerCallError("refused", "UNAUTHENTICATED", "the server refused the token"),
        3,
        /refused the session token \(UNAUTHENTICATED\)/,
      ],
      [
        new RunnerCallError("unreachable", "UNAVAILABLE", "no connection"),
        4,
        /cannot reach http:\/\/127\.0\.0\.1:9 within/,
      ],
    ] as const;
    for (const [error, code, message] of cases) {
      const api = fakeSessionApi(error);
      const result = await runRunner(["prepare", ...flags, "--start-timeout", "5s"], { api, now: () => 1000 });
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(api.deadlines).toEqual([6000]);
      expect(api.closed()).toBe(true);
    }
  });
});
