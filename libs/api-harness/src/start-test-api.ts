import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ProjectService, SessionService, UserService } from "@acp/proto";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

// The API as a separate process, started from its built bin: no client app
// imports apps/api, so each is tested as any client would use it.
const apiBin = fileURLToPath(new URL("../../../apps/api/bin/acp-api.mjs", import.meta.url));

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
  /** Everything the API wrote to stderr so far (its structured log). */
  log(): string;
  /** Stops the process and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the process, keeping the data, until restart(). */
  pause(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  /** Extra `acp-api serve` flags, e.g. ["--max-session-ttl", "1h"]. */
  readonly serveArgs?: readonly string[];
}

/** Starts `acp-api serve --dev` on SQLite and a random port; one per suite. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const dir = await mkdtemp(join(tmpdir(), "acp-test-api-"));
  const tokenFile = join(dir, "admin.token");
  const dataDir = join(dir, "data");
  let logText = "";
  const launch = async (listen: string) => {
    const args = [apiBin, "serve", "--dev", "--data-dir", dataDir, "--listen", listen, ...(options.serveArgs ?? [])];
    const child = spawn(process.execPath, [...args, "--bootstrap-token-file", tokenFile], {
      env: { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" },
      // stdout carries the admin token: read from the file instead, never echoed.
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = once(child, "exit");
    child.stderr!.on("data", (chunk: Buffer) => {
      logText += chunk.toString();
    });
    const url = await listening(child);
    return { child, exited, url };
  };
  let running: Awaited<ReturnType<typeof launch>> | undefined = await launch("127.0.0.1:0");
  const url = running.url;
  const adminToken = (await readFile(tokenFile, "utf8")).trim();
  const transport = createConnectTransport({ baseUrl: url, httpVersion: "1.1" });
  const headers = { Authorization: `Bearer ${adminToken}` };
  const users = createClient(UserService, transport);
  const halt = async () => {
    if (running === undefined) return;
    const { child, exited } = running;
    running = undefined;
    child.kill("SIGTERM");
    await exited;
  };
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
    log: () => logText,
    pause: halt,
    async restart() {
      await halt();
      running = await launch(new URL(url).host);
    },
    async stop() {
      await halt();
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
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
      if (match) {
        child.stderr!.off("data", onData);
        child.off("exit", onExit);
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`acp-api exited ${code} before listening:\n${stderr}`));
    child.stderr!.on("data", onData);
    child.once("exit", onExit);
  });
}
