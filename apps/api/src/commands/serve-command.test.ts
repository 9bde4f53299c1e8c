import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CredentialService,
  Health,
  ProviderType,
  HealthCheckResponse_ServingStatus as Status,
  UserService,
} from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApi, serveApi } from "../testing/spawn-api.js";
import { type TestDatabase, testBackends } from "../testing/test-databases.js";
import { refusedWithinOneSecond } from "../testing/unauthenticated-within.js";

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe.each(testBackends)("acp-api binary on $name", (backend) => {
  let dir: string;
  const databases: TestDatabase[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-serve-"));
  });
  afterAll(async () => {
    for (const database of databases) await database.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh database (and data dir) per test, so each first start bootstraps. */
  const fresh = async (name: string) => {
    const database = await backend.create("database");
    databases.push(database);
    const url = database.config.kind === "postgres" ? database.config.url : "";
    return { dataDir: join(dir, name), env: { ...process.env, ACP_DATABASE_URL: url, ACP_KEYRING_FILE: "" } };
  };

  it("refuses to start without a keyring unless given --dev", async () => {
    const { dataDir, env } = await fresh("no-keyring");
    const result = await runApi(["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no keyring: set ACP_KEYRING_FILE .* or pass --dev/);
  });

  it("starts with --dev, creates a 0600 keyring, prints the admin token once, and writes it to the token file", async () => {
    const { dataDir, env } = await fresh("dev");
    const tokenFile = join(dir, "admin.token");
    const api = await serveApi(["--dev", "--data-dir", dataDir, "--bootstrap-token-file", tokenFile], env);
    try {
      const token = /\n {2}(acp_[A-Za-z0-9_-]+)\n/.exec(api.stdout())?.[1];
      expect(token).toBeDefined();
      expect((await readFile(tokenFile, "utf8")).trim()).toBe(token);
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dataDir, "keyring.json"))).mode & 0o777).toBe(0o600);
      expect(api.stderr()).toMatch(/created development keyring/);

      const health = createClient(Health, createGrpcTransport({ baseUrl: api.url }));
      expect((await health.check({})).status).toBe(Status.SERVING);
      const me = await createClient(
        UserService,
        createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" }),
      ).getCurrentUser({}, bearer(token!));
      expect(me.user).toMatchObject({ name: "admin", admin: true });

      // Admin commands work beside the running server, on the same database.
      const created = await runApi(["users", "create", "carol", "--data-dir", dataDir], env);
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^acp_[A-Za-z0-9_-]{43}\n$/);
      const carol = createClient(CredentialService, createGrpcTransport({ baseUrl: api.url }));
      const { credential } = await carol.createCredential(
        { name: "gh", provider: ProviderType.GITHUB, secret: "ghp_carol" },
        bearer(created.stdout.trim()),
      );
      expect(credential?.name).toBe("gh");

      // Tokens issued from the CLI work on the running server at once; one
      // revoked from the CLI is refused within a second (tokenCacheLimits).
      const issued = await runApi(
        ["tokens", "create", "--user", "carol", "--description", "second", "--data-dir", dataDir],
        env,
      );
      expect(issued.stdout).toMatch(/^acp_[A-Za-z0-9_-]{43}\n$/);
      const listed = await runApi(["tokens", "list", "--user", "carol", "--data-dir", dataDir], env);
      const second = listed.stdout.split("\n").find((line) => line.endsWith("\tsecond"));
      expect(second).toMatch(/^tok_\w+\tactive\t/);
      const asSecond = createClient(UserService, createGrpcTransport({ baseUrl: api.url }));
      expect((await asSecond.getCurrentUser({}, bearer(issued.stdout.trim()))).user?.name).toBe("carol");
      expect((await runApi(["tokens", "revoke", second!.split("\t")[0]!, "--data-dir", dataDir], env)).code).toBe(0);
      const asRevoked = () => asSecond.getCurrentUser({}, bearer(issued.stdout.trim()));
      await refusedWithinOneSecond(asRevoked);
      await expect(asRevoked()).rejects.toThrow(/invalid or revoked API token/);
      expect((await runApi(["tokens", "revoke", "tok_nope", "--data-dir", dataDir], env)).code).toBe(2);
    } finally {
      expect(await api.stop()).toBe(0);
    }
    const again = await serveApi(["--dev", "--data-dir", dataDir], env);
    expect(again.stdout()).not.toMatch(/acp_/);
    expect(await again.stop()).toBe(0);
  });

  it("drains in-flight calls on SIGTERM and exits 0", async () => {
    const { dataDir, env } = await fresh("drain");
    const api = await serveApi(["--dev", "--data-dir", dataDir], env);
    const health = createClient(Health, createGrpcTransport({ baseUrl: api.url }));
    const watch = health.watch({})[Symbol.asyncIterator]();
    expect((await watch.next()).value?.status).toBe(Status.SERVING);
    const stopped = api.stop();
    // The open stream is told the server is going away, then ends normally.
    expect((await watch.next()).value?.status).toBe(Status.NOT_SERVING);
    expect((await watch.next()).done).toBe(true);
    expect(await stopped).toBe(0);
    expect(api.stderr()).toMatch(/"msg":"stopped"/);
  });

  it("refuses to start when the database holds ciphertext under a key the keyring lacks, and re-encrypts to the active key", async () => {
    const keyring = (active: string, ids: string[]) =>
      JSON.stringify({ active, keys: Object.fromEntries(ids.map((id) => [id, keys[id]])), audit });
    const keys: Record<string, string> = {
      old: randomBytes(32).toString("base64"),
      new: randomBytes(32).toString("base64"),
    };
    // Kept across the rotation: the audit key is not one of the keys that seal secrets.
    const audit = randomBytes(32).toString("base64");
    const file = join(dir, "prod-keyring.json");
    const { dataDir, env } = await fresh("rotation");
    const kenv = { ...env, ACP_KEYRING_FILE: file };

    await writeFile(file, keyring("old", ["old"]), { mode: 0o600 });
    const tokenFile = join(dir, "rotation.token");
    const first = await serveApi(["--data-dir", dataDir, "--bootstrap-token-file", tokenFile], kenv);
    const token = (await readFile(tokenFile, "utf8")).trim();
    const client = createClient(CredentialService, createConnectTransport({ baseUrl: first.url, httpVersion: "1.1" }));
    let id: string;
    try {
      id = (
        await client.createCredential(
          { name: "rotate-me", provider: ProviderType.GITHUB, secret: "ghp_rotate" },
          bearer(token),
        )
      ).credential!.id;
    } finally {
      expect(await first.stop()).toBe(0);
    }

    await writeFile(file, keyring("new", ["new"]), { mode: 0o600 });
    const refused = await runApi(["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir], kenv);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/"old"/);

    await writeFile(file, keyring("new", ["old", "new"]), { mode: 0o600 });
    const dry = await runApi(["keys", "reencrypt", "--dry-run", "--data-dir", dataDir], kenv);
    expect(dry.stdout).toMatch(/would re-encrypt [1-9]\d* of/);
    const moved = await runApi(["keys", "reencrypt", "--data-dir", dataDir], kenv);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/re-encrypted [1-9]\d* of/);

    await writeFile(file, keyring("new", ["new"]), { mode: 0o600 });
    const second = await serveApi(["--data-dir", dataDir], kenv);
    try {
      const again = createClient(
        CredentialService,
        createConnectTransport({ baseUrl: second.url, httpVersion: "1.1" }),
      );
      expect((await again.getCredentialSecret({ id }, bearer(token))).secret).toBe("ghp_rotate");
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
