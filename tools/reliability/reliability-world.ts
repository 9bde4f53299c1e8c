// One deployment for a reliability test: a fresh database (a SQLite directory,
// or a PostgreSQL database created for the run), a keyring file, and built
// acp-api servers on 127.0.0.1 that can be started, stopped and SIGKILLed.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { authorizationHeader } from "../bench/authorization-header.js";
import { type ChildServer, spawnChildServer } from "../bench/child-server.js";
import { freshKeys, type KeyringKeys, writeKeyring } from "./keyring-file.js";

const run = promisify(execFile);
const apiBin = fileURLToPath(new URL("../../apps/api/bin/acp-api.mjs", import.meta.url));
export const postgresUrl = process.env["ACP_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export type BackendName = "sqlite" | "postgres";
export const backendNames: readonly BackendName[] = ["sqlite", "postgres"];

export interface ReliabilityWorld {
  readonly backend: BackendName;
  readonly dir: string;
  readonly keys: KeyringKeys;
  /** Rewrites the keyring file every server and command of this world reads. */
  setKeyring(ids: readonly string[], active: string): Promise<void>;
  /** Starts `acp-api serve` with extra flags; the first start creates the admin. */
  serve(flags?: readonly string[]): Promise<ChildServer>;
  /** The admin's token, known once a server has started. */
  adminToken(): string;
  /** A Connect client (HTTP/1.1) of `url` calling as the admin. */
  client<S extends DescService>(service: S, url: string, httpVersion?: "1.1" | "2"): Client<S>;
  /** Runs `acp-api ARGS` against this world's database and keyring. */
  command(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  dispose(): Promise<void>;
}

// psql, not a driver: the tools workspace speaks to PostgreSQL only here.
const psql = (sql: string) => run("psql", [postgresUrl, "-v", "ON_ERROR_STOP=1", "-qc", sql]);

export async function createWorld(backend: BackendName): Promise<ReliabilityWorld> {
  const dir = await mkdtemp(join(tmpdir(), `acp-reliability-${backend}-`));
  let databaseUrl = "";
  let dropDatabase = async () => {};
  if (backend === "postgres") {
    const name = `acp_reliability_${randomBytes(8).toString("hex")}`;
    try {
      await psql(`create database "${name}"`);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `PostgreSQL is not reachable at ${postgresUrl}; the suite needs it (start it, or set ACP_TEST_DATABASE_URL)`,
        { cause: error },
      );
    }
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => void (await psql(`drop database if exists "${name}" with (force)`));
  }
  const keys = freshKeys(["k1", "k2"]);
  const keyringFile = join(dir, "keyring.json");
  await writeKeyring(keyringFile, keys, ["k1"], "k1");
  const tokenFile = join(dir, "admin.token");
  // One serving process per server (serve would fork one per core without --dev), whose pid is the server's.
  const env = { ACP_WORKERS: "1", ...process.env, ACP_DATABASE_URL: databaseUrl, ACP_KEYRING_FILE: keyringFile };
  const dataDir = join(dir, "data");
  let token: string | undefined;
  const servers = new Set<ChildServer>();
  const adminToken = () => {
    if (token === undefined) throw new Error("no server has started yet");
    return token;
  };
  return {
    backend,
    dir,
    keys,
    setKeyring: (ids, active) => writeKeyring(keyringFile, keys, ids, active).then(() => undefined),
    async serve(flags = []) {
      const args = [apiBin, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir];
      const server = await spawnChildServer(
        `acp-api on ${backend}`,
        [...args, "--bootstrap-token-file", tokenFile, ...flags],
        env,
      );
      servers.add(server);
      server.child.once("exit", () => servers.delete(server));
      token ??= (await readFile(tokenFile, "utf8")).trim();
      return server;
    },
    adminToken,
    client(service, url, httpVersion = "1.1") {
      const interceptors = [authorizationHeader(`Bearer ${adminToken()}`)];
      return createClient(service, createConnectTransport({ baseUrl: url, httpVersion, interceptors }));
    },
    async command(args) {
      try {
        const { stdout, stderr } = await run(process.execPath, [apiBin, ...args, "--data-dir", dataDir], { env });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
      }
    },
    async dispose() {
      for (const server of [...servers]) await server.stop();
      await dropDatabase();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
