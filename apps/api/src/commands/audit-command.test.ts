import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditService } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditHasher, KeyringError, loadKeyring } from "../crypto/index.js";
import { capturedIo } from "../testing/captured-io.js";
import { type TestDatabase, testBackends } from "../testing/test-databases.js";
import { auditCommand } from "./audit-command.js";
import { UsageError } from "./command.js";
import { serveCommand } from "./serve-command.js";

const key = () => randomBytes(32).toString("base64");

describe("acp-api audit hash", () => {
  let dir: string;
  let keyringFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-audit-"));
    keyringFile = join(dir, "keyring.json");
    await writeFile(keyringFile, JSON.stringify({ active: "k1", keys: { k1: key() }, audit: key() }), { mode: 0o600 });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const hash = async (
    stdin: string,
    argv: string[] = [],
    env: Record<string, string> = { ACP_KEYRING_FILE: keyringFile },
  ) => {
    const io = capturedIo(env, stdin);
    // main turns a UsageError into exit 2 and any other error into exit 1.
    // Parsing throws before any promise exists, hence the async wrapper.
    const outcome: { code?: number; error?: unknown } = await (async () =>
      auditCommand.invoke(["hash", ...argv], io))().then(
      (code) => ({ code }),
      (error: unknown) => ({ error }),
    );
    return { ...outcome, stdout: io.stdoutText(), stderr: io.stderrText() };
  };

  it("prints the keyring's HMAC of the value on stdin, less one trailing newline, and nothing else", async () => {
    const expected = createAuditHasher(await loadKeyring(keyringFile)).hash("ghp_leaked");
    for (const stdin of ["ghp_leaked", "ghp_leaked\n", "ghp_leaked\r\n"]) {
      expect(await hash(stdin)).toEqual({ code: 0, stdout: `${expected}\n`, stderr: "" });
    }
    // Only one newline is the shell's; a second is part of the value.
    expect((await hash("ghp_leaked\n\n")).stdout).not.toBe(`${expected}\n`);
  });

  it("refuses an empty value, or a value on argv, as a usage error with no output", async () => {
    for (const stdin of ["", "\n"]) {
      const result = await hash(stdin);
      expect(result).toMatchObject({ error: expect.any(UsageError), stdout: "" });
      expect(String(result.error)).toMatch(/no value on stdin/);
    }
    const onArgv = await hash("", ["ghp_on_argv"]);
    expect(onArgv).toMatchObject({ error: expect.any(UsageError), stdout: "" });
    expect(String(onArgv.error)).toMatch(/read from stdin, never argv/);
    expect(String(onArgv.error)).not.toContain("ghp_on_argv");
  });

  it("finds the keyring as the server does, and creates none", async () => {
    const none = await hash("v", [], {});
    expect(none.error).toBeInstanceOf(UsageError);
    expect(String(none.error)).toMatch(/no keyring: set ACP_KEYRING_FILE .*"audit"/);
    const dataDir = join(dir, "no-dev-keyring");
    const missing = await hash("v", ["--dev", "--data-dir", dataDir], {});
    expect(missing.error).toBeInstanceOf(KeyringError);
    expect(String(missing.error)).toMatch(/keyring\.json does not exist/);
    expect(existsSync(join(dataDir, "keyring.json"))).toBe(false);
  });

  it("refuses a keyring without an audit key, saying how to add one", async () => {
    const old = join(dir, "old-keyring.json");
    await writeFile(old, JSON.stringify({ active: "k1", keys: { k1: key() } }), { mode: 0o600 });
    const result = await hash("v", [], { ACP_KEYRING_FILE: old });
    expect(result.error).toBeInstanceOf(KeyringError);
    expect(String(result.error)).toMatch(/no "audit" key; add "audit": .*openssl rand -base64 32/);
  });

  describe.each(testBackends)("beside a server on $name", (backend) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await backend.create("database");
    });
    afterAll(async () => database.dispose());

    it("prints the same HMAC as HashAuditValue for the same keyring", async () => {
      const dataDir = join(dir, `serve-${backend.name}`);
      const tokenFile = join(dir, `admin-${backend.name}.token`);
      const env = {
        ACP_DATABASE_URL: database.config.kind === "postgres" ? database.config.url : "",
        ACP_KEYRING_FILE: keyringFile,
        // In this process: workers would re-run the test runner, not acp-api.
        ACP_WORKERS: "1",
      };
      const serverIo = capturedIo(env);
      const serving = serveCommand.invoke(
        ["--listen", "127.0.0.1:0", "--data-dir", dataDir, "--bootstrap-token-file", tokenFile],
        serverIo,
      );
      try {
        const url = await listeningUrl(serverIo.stderrText);
        const token = (await readFile(tokenFile, "utf8")).trim();
        const audit = createClient(AuditService, createConnectTransport({ baseUrl: url, httpVersion: "1.1" }));
        const { valueHmac } = await audit.hashAuditValue(
          { value: "glpat-leaked" },
          { headers: { Authorization: `Bearer ${token}` } },
        );
        expect(valueHmac).toMatch(/^[0-9a-f]{64}$/);
        expect(await hash("glpat-leaked\n", ["--data-dir", dataDir], env)).toEqual({
          code: 0,
          stdout: `${valueHmac}\n`,
          stderr: "",
        });
      } finally {
        serverIo.stop();
        expect(await serving).toBe(0);
      }
    });
  });
});

/** The URL `serve` logs once it listens. */
async function listeningUrl(stderr: () => string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr());
    if (match) return match[1]!;
    if (Date.now() > deadline) throw new Error(`serve did not listen:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
