// Starting the API under test as a child process: its flags, its bootstrap
// admin, and Connect clients for that admin.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BindingService, CredentialService, ProjectService, SessionService } from "@acp/proto";
import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { authorizationHeader } from "./authorization-header.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";

export interface AdminClients {
  readonly projects: Client<typeof ProjectService>;
  readonly credentials: Client<typeof CredentialService>;
  readonly bindings: Client<typeof BindingService>;
  readonly sessions: Client<typeof SessionService>;
}

/** A running API and its bootstrap admin's clients, over one HTTP/2 session. */
export interface Api {
  readonly server: ChildServer;
  readonly authorization: string;
  readonly clients: AdminClients;
  readonly sessionManager: Http2SessionManager;
}

/**
 * Whether this build's `serve` takes --workers: its usage (printed for
 * --help, as for any unknown option) names every flag it has.
 */
export function serveHasWorkers(apiBin: string): boolean {
  const probe = spawnSync(process.execPath, [apiBin, "serve", "--help"], { encoding: "utf8", timeout: 30_000 });
  return /--workers\b/.test(`${probe.stdout}${probe.stderr}`);
}

export interface ApiStart {
  readonly label: string;
  readonly apiBin: string;
  /** SQLite data dir; a second server on the same dir shares its rows, keyring and admin. */
  readonly dataDir: string;
  /** Written on first start; read by every later one on the same dir. */
  readonly tokenFile: string;
  /** Passed as --workers N; undefined when serve has no such flag. */
  readonly workers: number | undefined;
  readonly nodeArgs: readonly string[];
}

/** Starts `acp-api serve --dev` on a random port; the caller stops server and sessionManager. */
export async function startApi(start: ApiStart, onServer: (server: ChildServer) => void): Promise<Api> {
  const args = ["serve", "--dev", "--data-dir", start.dataDir, "--listen", "127.0.0.1:0"];
  if (start.workers !== undefined) args.push("--workers", String(start.workers));
  const server = await spawnChildServer(
    start.label,
    [...start.nodeArgs, start.apiBin, ...args, "--bootstrap-token-file", start.tokenFile],
    process.env,
  );
  onServer(server);
  const token = (await readFile(start.tokenFile, "utf8")).trim();
  const authorization = `Bearer ${token}`;
  const sessionManager = new Http2SessionManager(server.url);
  const transport = createGrpcTransport({
    baseUrl: server.url,
    sessionManager,
    interceptors: [authorizationHeader(authorization)],
  });
  return {
    server,
    authorization,
    sessionManager,
    clients: {
      projects: createClient(ProjectService, transport),
      credentials: createClient(CredentialService, transport),
      bindings: createClient(BindingService, transport),
      sessions: createClient(SessionService, transport),
    },
  };
}

export const tokenFileIn = (workDir: string, label: string) => join(workDir, `${label}.token`);
