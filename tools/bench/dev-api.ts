import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { repoRoot } from "../checks/repo-root.js";
import { authorizationHeader } from "./authorization-header.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";

const apiBin = join(repoRoot, "apps/api/bin/acp-api.mjs");

export interface DevApi {
  readonly server: ChildServer;
  /** The bootstrap admin's token, and the 0600 file it was written to. */
  readonly adminToken: string;
  readonly adminTokenFile: string;
  /** Connect over HTTP/1.1, every call as the admin. */
  readonly adminTransport: Transport;
}

/**
 * The built `acp-api serve --dev` on SQLite under `dir`, on a random port:
 * what the client benches (acpctl, acp-runner) measure their start-up against.
 */
export async function startDevApi(dir: string): Promise<DevApi> {
  const adminTokenFile = join(dir, "admin.token");
  const env = { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" };
  const serve = ["serve", "--dev", "--data-dir", join(dir, "data"), "--listen", "127.0.0.1:0"];
  const server = await spawnChildServer("acp-api", [apiBin, ...serve, "--bootstrap-token-file", adminTokenFile], env);
  const adminToken = (await readFile(adminTokenFile, "utf8")).trim();
  const adminTransport = createConnectTransport({
    baseUrl: server.url,
    httpVersion: "1.1",
    interceptors: [authorizationHeader(`Bearer ${adminToken}`)],
  });
  return { server, adminToken, adminTokenFile, adminTransport };
}
