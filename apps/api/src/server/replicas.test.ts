// Acceptance: several acp-api processes on one PostgreSQL database serve one
// change stream. A change made through any replica reaches a stream held by
// any other, and a lost LISTEN connection loses nothing.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BindingService, CredentialService, ProjectService, ProviderType, SessionService } from "@acp/proto";
import type { DescService } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenKubeconfig } from "../testing/access-fixtures.js";
import { type RunningApi, serveApi } from "../testing/spawn-api.js";
import { streamReader } from "../testing/stream-reader.js";
import { type TestDatabase, testBackends, withPostgresClient } from "../testing/test-databases.js";

const postgres = testBackends.find((b) => b.name === "postgres")!;

describe("two acp-api replicas on one PostgreSQL database", () => {
  let dir: string;
  let database: TestDatabase;
  const replicas: RunningApi[] = [];
  let token: string;
  let databaseName: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-replicas-"));
    database = await postgres.create("database");
    const keyring = join(dir, "keyring.json");
    const key = () => randomBytes(32).toString("base64");
    await writeFile(keyring, JSON.stringify({ active: "k1", keys: { k1: key() }, audit: key() }), { mode: 0o600 });
    const url = database.config.kind === "postgres" ? database.config.url : "";
    databaseName = new URL(url).pathname.slice(1);
    const env = { ...process.env, ACP_DATABASE_URL: url, ACP_KEYRING_FILE: keyring };
    const tokenFile = join(dir, "admin.token");
    replicas.push(await serveApi(["--data-dir", join(dir, "a"), "--bootstrap-token-file", tokenFile], env));
    replicas.push(await serveApi(["--data-dir", join(dir, "b")], env));
    token = (await readFile(tokenFile, "utf8")).trim();
  });

  afterAll(async () => {
    for (const replica of replicas) expect(await replica.stop()).toBe(0);
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const client = <S extends DescService>(service: S, replica: RunningApi) =>
    createClient(service, createConnectTransport({ baseUrl: replica.url, httpVersion: "2" }));
  const auth = (bearer: string) => ({ headers: { Authorization: `Bearer ${bearer}` } });

  it("delivers an update made through one replica to a stream on the other, also after its LISTEN connection is killed", async () => {
    const [a, b] = [replicas[0]!, replicas[1]!];
    const { project } = await client(ProjectService, a).createProject({ name: "fleet" }, auth(token));
    const { credential } = await client(CredentialService, a).createCredential(
      { name: "cluster", provider: ProviderType.KUBECONFIG, secret: tokenKubeconfig("sha256~first") },
      auth(token),
    );
    await client(BindingService, a).createBinding(
      { credentialId: credential!.id, target: { case: "projectId", value: project!.id } },
      auth(token),
    );
    const { runnerToken } = await client(SessionService, a).createSession({ projectId: project!.id }, auth(token));

    const controller = new AbortController();
    try {
      const stream = streamReader(
        client(SessionService, a).watchSessionCredentials({}, { ...auth(runnerToken), signal: controller.signal }),
      );
      const secretOf = async (what: string) => (await stream.message(what)).credentials[0]?.secret ?? "";
      expect(await secretOf("the initial set")).toContain("sha256~first");

      const rotate = (secretToken: string) =>
        client(CredentialService, b).updateCredential(
          { id: credential!.id, updateMask: { paths: ["secret"] }, secret: tokenKubeconfig(secretToken) },
          auth(token),
        );
      await rotate("sha256~second");
      expect(await secretOf("the update made through the other replica")).toContain("sha256~second");

      // Cut every replica's LISTEN connection, as an admin or a failover would.
      const killed = await withPostgresClient(async (pg) => {
        const { rows } = await pg.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'acp-listen' and datname = $1",
          [databaseName],
        );
        return rows.length;
      });
      expect(killed, "each replica holds one LISTEN connection").toBe(2);
      await rotate("sha256~third");
      expect(await secretOf("the update made after the LISTEN connection was killed")).toContain("sha256~third");
    } finally {
      controller.abort();
    }
  });
});
