import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnChildServer } from "../bench/child-server.js";
import { repoRoot } from "../checks/repo-root.js";

// The bin as production runs it: plain node, no TypeScript loader, the bundle
// the vitest global setup has just brought up to date.
const apiBin = join(repoRoot, "apps/api/bin/acp-api.mjs");

describe("the built acp-api bin", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "acp-built-bin-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves under plain node and exits 0 by itself on SIGTERM", async () => {
    const env = { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" };
    const args = [apiBin, "serve", "--dev", "--data-dir", join(dir, "data"), "--listen", "127.0.0.1:0"];
    const server = await spawnChildServer("acp-api", args, env);
    const sessions = new Http2SessionManager(server.url);
    try {
      const health = createClient(Health, createGrpcTransport({ baseUrl: server.url, sessionManager: sessions }));
      expect((await health.check({})).status).toBe(ServingStatus.SERVING);
      sessions.abort();
      const exited = once(server.child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      server.child.kill("SIGTERM");
      // Killed by the signal would be [null, "SIGTERM"]: the handler must run and exit.
      expect(await exited, server.outputTail()).toEqual([0, null]);
    } finally {
      sessions.abort();
      await server.stop();
    }
  });

  it("names the build command when its bundle is missing", () => {
    // A copy of the bin whose ../dist holds nothing.
    mkdirSync(join(dir, "bin"));
    copyFileSync(apiBin, join(dir, "bin", "acp-api.mjs"));
    const result = spawnSync(process.execPath, [join(dir, "bin", "acp-api.mjs"), "serve"], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(dir, "dist", "acp-api.mjs")} is missing; build it with \`npm run build\``);
  });
});
