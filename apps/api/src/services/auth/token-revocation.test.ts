// Acceptance for the token cache: a token that every serving process has
// verified (and keeps in memory) stops working everywhere once revoked, or
// once its session ends. On PostgreSQL two `acp-api serve` replicas share the
// database and the one that did not revoke must refuse within a second; on
// SQLite the one process refuses at once.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProjectService, SessionService, UserService } from "@acp/proto";
import type { DescService } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, serveApi } from "../../testing/spawn-api.js";
import { type TestDatabase, testBackends } from "../../testing/test-databases.js";
import { refused, refusedWithinOneSecond } from "../../testing/unauthenticated-within.js";

const auth = (bearer: string) => ({ headers: { Authorization: `Bearer ${bearer}` } });

describe.each(testBackends)("a revoked or ended token on $name", (backend) => {
  let dir: string;
  let database: TestDatabase | undefined;
  const replicas: RunningApi[] = [];
  let admin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-revocation-"));
    const keyring = join(dir, "keyring.json");
    const key = () => randomBytes(32).toString("base64");
    await writeFile(keyring, JSON.stringify({ active: "k1", keys: { k1: key() }, audit: key() }), { mode: 0o600 });
    const tokenFile = join(dir, "admin.token");
    let env: NodeJS.ProcessEnv = { ...process.env, ACP_KEYRING_FILE: keyring, ACP_DATABASE_URL: "" };
    if (backend.name === "postgres") {
      database = await backend.create("database");
      env = { ...env, ACP_DATABASE_URL: database.config.kind === "postgres" ? database.config.url : "" };
    }
    replicas.push(await serveApi(["--data-dir", join(dir, "a"), "--bootstrap-token-file", tokenFile], env));
    if (backend.name === "postgres") replicas.push(await serveApi(["--data-dir", join(dir, "b")], env));
    admin = (await readFile(tokenFile, "utf8")).trim();
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) expect(await replica.stop()).toBe(0);
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const client = <S extends DescService>(service: S, replica: RunningApi) =>
    createClient(service, createConnectTransport({ baseUrl: replica.url, httpVersion: "2" }));

  it("is refused by the replica that revoked at once and by every other within a second", async () => {
    const revoker = replicas[0]!;
    const others = replicas.slice(1);
    const { token, apiToken } = await client(UserService, revoker).createApiToken({ description: "ci" }, auth(admin));
    const { project } = await client(ProjectService, revoker).createProject({ name: "fleet" }, auth(admin));
    const { session, runnerToken } = await client(SessionService, revoker).createSession(
      { projectId: project!.id },
      auth(admin),
    );
    const asUser = (replica: RunningApi) => () => client(UserService, replica).getCurrentUser({}, auth(token));
    const asRunner = (replica: RunningApi) => () =>
      client(SessionService, replica).getSessionCredentials({}, auth(runnerToken));
    // Used twice on every replica, so each has both tokens in memory.
    for (const replica of replicas) {
      for (let i = 0; i < 2; i++) {
        expect((await asUser(replica)()).user?.name).toBeTruthy();
        expect((await asRunner(replica)()).credentials).toEqual([]);
      }
    }

    await client(UserService, revoker).revokeApiToken({ id: apiToken!.id }, auth(admin));
    expect(await refused(asUser(revoker))).toBe(true);
    for (const other of others) await refusedWithinOneSecond(asUser(other));

    await client(SessionService, revoker).endSession({ id: session!.id }, auth(admin));
    expect(await refused(asRunner(revoker))).toBe(true);
    for (const other of others) await refusedWithinOneSecond(asRunner(other));

    // The admin's own token, cached as well, still works everywhere.
    for (const replica of replicas) {
      expect((await client(UserService, replica).getCurrentUser({}, auth(admin))).user?.admin).toBe(true);
    }
  }, 30_000);
});
