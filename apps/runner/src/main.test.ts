import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRunner } from "./testing/index.js";

let dir: string;
let tokenFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "acp-runner-main-"));
  tokenFile = join(dir, "token");
  await writeFile(tokenFile, "acpr_not_a_real_token\n", { mode: 0o600 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const connection = () => ["--server", "http://127.0.0.1:1", "--session-token-file", tokenFile];

describe("main, in-process", () => {
  it("exits 0 for help and --version, 2 for no command or a wrong one", async () => {
    expect((await runRunner(["--help"])).code).toBe(0);
    expect(await runRunner(["--version"])).toMatchObject({ code: 0, stdout: "0.0.0\n" });
    expect((await runRunner([])).code).toBe(2);
    const typo = await runRunner(["rnu"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'rnu'\n\(Did you mean run\?\)\nusage: acp-runner /);
  });

  it("needs a CMD for run, and a server and a token file from the flags or the environment", async () => {
    const noCmd = await runRunner(["run", ...connection()]);
    expect(noCmd.code).toBe(2);
    expect(noCmd.stderr).toMatch(/usage: acp-runner run \[options\] -- CMD \[ARGS\.\.\.\]/);
    const noServer = await runRunner(["run", "--session-token-file", tokenFile, "--", "true"]);
    expect(noServer).toMatchObject({ code: 2 });
    expect(noServer.stderr).toContain("error: --server (or ACP_SERVER) is required");
    const noToken = await runRunner(["run", "--server", "http://127.0.0.1:1", "--", "true"]);
    expect(noToken.stderr).toContain("error: --session-token-file (or ACP_SESSION_TOKEN_FILE) is required");
    expect(noToken.code).toBe(2);
  });

  it("rejects a malformed server, duration, output format or flag pair with exit 2 before reading anything", async () => {
    const cases: [string[], RegExp][] = [
      [["run", "--server", "127.0.0.1:8080", "--session-token-file", tokenFile, "--", "true"], /--server: expected/],
      [["run", ...connection(), "--start-timeout", "soon", "--", "true"], /--start-timeout: expected a duration/],
      [["run", ...connection(), "--grace", "-1s", "--", "true"], /--grace: expected a duration/],
      [["prepare", ...connection(), "-o", "yaml"], /--output: expected env or json/],
      [["prepare", ...connection(), "--workdir", dir, "--no-workdir-mcp"], /exclude each other/],
      [["run", "--nope", ...connection(), "--", "true"], /unknown option '--nope'/],
      [["clean"], /--secrets-dir/],
      [["git-credential", "get"], /--secrets-dir \(or ACP_SECRETS_DIR\) is required/],
    ];
    for (const [argv, message] of cases) {
      const result = await runRunner(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr, argv.join(" ")).toMatch(message);
    }
  });

  it("leaves CMD's own flags to CMD", async () => {
    // Reaches the token file and the (unopenable) API, so the flags after CMD were not parsed as the runner's.
    const result = await runRunner(["run", ...connection(), "--", "node", "--nope", "-o", "x"]);
    expect(result.stderr).not.toMatch(/unknown option/);
    expect(result.code).toBe(1);
  });

  it("takes the server and the token file from ACP_SERVER and ACP_SESSION_TOKEN_FILE", async () => {
    const result = await runRunner(["prepare"], {
      env: { ACP_SERVER: "http://127.0.0.1:1", ACP_SESSION_TOKEN_FILE: tokenFile },
    });
    // Past parsing: the API was opened with the env's server and the file's token.
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/required/);
  });

  it("names a missing, empty or open token file without printing its content, and warns when others can read it", async () => {
    const missing = await runRunner([
      "prepare",
      "--server",
      "http://127.0.0.1:1",
      "--session-token-file",
      join(dir, "nope"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/"level":"error".*--session-token-file .*nope: ENOENT/);
    const empty = join(dir, "empty");
    await writeFile(empty, "\n", { mode: 0o600 });
    expect(
      (await runRunner(["prepare", "--server", "http://127.0.0.1:1", "--session-token-file", empty])).stderr,
    ).toMatch(/--session-token-file .*empty: empty/);
    const open = join(dir, "open");
    await writeFile(open, "acpr_readable_by_all\n");
    await chmod(open, 0o644);
    const warned = await runRunner(["prepare", "--server", "http://127.0.0.1:1", "--session-token-file", open]);
    expect(warned.stderr).toMatch(/"level":"warn".*readable by others.*"mode":"0644"/);
    expect(warned.stderr).not.toContain("acpr_readable_by_all");
  });
});
