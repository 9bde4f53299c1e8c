import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { capturedIo } from "./testing/captured-io.js";

// Commands run in-process with captured output: no spawning, no real stdout.
describe("acp-api commands", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-main-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  const sqliteEnv = { ACP_DATABASE_URL: "" };

  it.each([
    ["users", "craete", "x"],
    ["tokens", "lst", "--user", "x"],
    ["keys", "rotate"],
    ["users"],
    ["users", "list", "--bogus"],
    ["tokens", "create"],
    ["serve", "--listen", "nowhere"],
  ])("refuses %s %s with usage and exit 2, creating no database", async (...argv) => {
    const dataDir = join(dir, `typo-${argv.join("-")}`);
    const io = capturedIo(sqliteEnv);
    expect(await main([...argv, "--data-dir", dataDir], io)).toBe(2);
    expect(io.stderrText()).toMatch(/usage|expected|required|unknown|which one/i);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("answers an unknown command with the usage", async () => {
    const io = capturedIo(sqliteEnv);
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.stderrText()).toMatch(/unknown command "frobnicate"[\s\S]*acp-api serve/);
  });

  it("creates users and tokens, printing only the token on stdout", async () => {
    const dataDir = join(dir, "users");
    const run = async (...argv: string[]) => {
      const io = capturedIo(sqliteEnv);
      const code = await main([...argv, "--data-dir", dataDir], io);
      return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
    };
    const created = await run("users", "create", "carol");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^acp_[A-Za-z0-9_-]{43}\n$/);
    expect((await run("users", "list")).stdout).toMatch(/^usr_\w+\tcarol\tuser\t/m);

    const again = await run("users", "create", "carol");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/a user named "carol" already exists/);
    expect((await run("users", "create", "Not A Name")).stderr).toMatch(/name: must be 1 to 63 characters/);

    const issued = await run("tokens", "create", "--user", "carol", "--description", "ci");
    expect(issued.stdout).toMatch(/^acp_[A-Za-z0-9_-]{43}\n$/);
    const tooLong = await run("tokens", "create", "--user", "carol", "--description", "x".repeat(300));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/description: must be at most 256 characters/);
    expect((await run("tokens", "create", "--user", "nobody")).stderr).toMatch(/user "nobody" not found/);

    const listed = await run("tokens", "list", "--user", "carol");
    const ci = listed.stdout.split("\n").find((line) => line.endsWith("\tci"))!;
    expect(ci).toMatch(/^tok_\w+\tactive\t/);
    const revoked = await run("tokens", "revoke", ci.split("\t")[0]!);
    expect(revoked).toMatchObject({ code: 0, stdout: "" });
    expect((await run("tokens", "list", "--user", "carol")).stdout).toMatch(/\trevoked \d{4}-/);
    expect((await run("tokens", "revoke", "tok_missing")).code).toBe(2);
    expect((await run("tokens", "revoke", "not-a-token-id")).stderr).toMatch(/is not an API token id/);
  });
});
