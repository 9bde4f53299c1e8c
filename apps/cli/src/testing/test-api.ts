import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ProjectService, SessionService, UserService } from "@acp/proto";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

// The API as a separate process, started from its built bin: apps/cli never
// imports apps/api, so the CLI is tested as any client would use it.
const apiBin = fileURLToPath(new URL("../../../api/bin/acp-api.mjs", import.meta.url));

export interface TestApi {
  readonly url: string;
  /** The bootstrap admin's token. */
  readonly adminToken: string;
  /** A private temporary directory for the suite's files; removed by stop(). */
  readonly dir: string;
  readonly users: Client<typeof UserService>;
  readonly projects: Client<typeof ProjectService>;
  readonly sessions: Client<typeof SessionService>;
  /** A new user's token. */
  createUser(name: string, admin?: boolean): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `acp-api serve --dev` on SQLite and a random port; one per suite. */
export async function startTestApi(): Promise<TestApi> {
  const dir = await mkdtemp(join(tmpdir(), "acpctl-test-"));
  const tokenFile = join(dir, "admin.token");
  const args = [apiBin, "serve", "--dev", "--data-dir", join(dir, "data"), "--listen", "127.0.0.1:0"];
  const child = spawn(process.execPath, [...args, "--bootstrap-token-file", tokenFile], {
    env: { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" },
    // stdout carries the admin token: read from the file instead, never echoed.
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await listening(child);
  const adminToken = (await readFile(tokenFile, "utf8")).trim();
  const transport = createConnectTransport({ baseUrl: url, httpVersion: "1.1" });
  const headers = { Authorization: `Bearer ${adminToken}` };
  const users = createClient(UserService, transport);
  const exited = once(child, "exit");
  return {
    url,
    adminToken,
    dir,
    users,
    projects: createClient(ProjectService, transport),
    sessions: createClient(SessionService, transport),
    async createUser(name, admin = false) {
      return (await users.createUser({ name, admin }, { headers })).token;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Authorization headers for a token, for calls the tests make directly. */
export function bearer(token: string): { headers: Record<string, string> } {
  return { headers: { Authorization: `Bearer ${token}` } };
}

function listening(child: ChildProcess): Promise<string> {
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`acp-api exited ${code} before listening:\n${stderr}`)));
  });
}
