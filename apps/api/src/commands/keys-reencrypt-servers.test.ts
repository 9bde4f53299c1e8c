// Finding 10 of issue 11: `keys reencrypt` run while a server still has the
// old keyring made that server answer DataLoss for every secret moved. The
// command asks the database which servers are live and what keys they hold.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CredentialService, ProviderType } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAesGcmSecretBox } from "../crypto/index.js";
import { createUserWithToken } from "../services/index.js";
import { newCredentialId, openStore, type StoreConfig } from "../storage/index.js";
import { capturedIo } from "../testing/captured-io.js";
import { credentialInput } from "../testing/credential-test-fixtures.js";
import { writeKeyringFile } from "../testing/keyring-files.js";
import { type RunningApi, serveApi } from "../testing/spawn-api.js";
import { type TestDatabase, testBackends } from "../testing/test-databases.js";
import { randomKeyring, withActive } from "../testing/test-keyrings.js";
import { keyringLiveMillis } from "./keyring-announcement.js";
import { keysReencrypt } from "./keys-command.js";

const keyring = randomKeyring(["k1", "k2"], "k1");
const oldKeyring = { ...keyring, keys: { k1: keyring.keys["k1"]! } };
const newKeyring = withActive(keyring, "k2");

describe.each(testBackends)("keys reencrypt next to live servers on $name", (backend) => {
  let dir: string;
  let database: TestDatabase;
  let config: StoreConfig;
  let env: { old: Record<string, string>; new: Record<string, string> };
  const running: RunningApi[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-keys-servers-"));
    database = await backend.create("database");
    const url = database.config.kind === "postgres" ? database.config.url : "";
    config = database.config.kind === "postgres" ? database.config : { kind: "sqlite", file: join(dir, "acp.db") };
    env = {
      old: { ACP_DATABASE_URL: url, ACP_KEYRING_FILE: await writeKeyringFile(join(dir, "old.json"), oldKeyring) },
      new: { ACP_DATABASE_URL: url, ACP_KEYRING_FILE: await writeKeyringFile(join(dir, "new.json"), newKeyring) },
    };
  });
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop().catch(() => {});
    await database.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function reencrypt() {
    const io = capturedIo(env.new);
    const code = await keysReencrypt.run(keysReencrypt.parse(["--data-dir", dir]), io);
    return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
  }
  const keyIdsInUse = async () => {
    const store = await openStore(config);
    try {
      return await store.credentials.keyIdsInUse();
    } finally {
      await store.close();
    }
  };
  const serve = async (which: "old" | "new") => {
    const server = await serveApi(["--data-dir", dir], { ...process.env, ...env[which] });
    running.push(server);
    return server;
  };

  it("refuses while a server lacks the new key, and moves everything once servers have it", {
    timeout: 60_000,
  }, async () => {
    const store = await openStore(config);
    const box = createAesGcmSecretBox(oldKeyring);
    const { user, token } = await createUserWithToken(store, { name: "ops", admin: true, tokenDescription: "t" });
    const id = newCredentialId();
    const plain = "ghp_rotation0000000000000000000000000000";
    await store.credentials.insert(
      credentialInput(user.id, { id, secret: box.seal(plain, { credentialId: id, provider: ProviderType.GITHUB }) }),
    );
    await store.close();

    const old = await serve("old");
    const refused = await reencrypt();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 serving process cannot open secrets sealed with key "k2"/);
    expect(refused.stderr).toMatch(/active key "k1", keys "k1", seen \d+ s ago/);
    expect(refused.stderr).toMatch(/Rotate in this order: \(1\) give every server a keyring holding the new key/);
    expect(refused.stdout).toBe("");
    expect(await keyIdsInUse()).toEqual(["k1"]);

    // Stopping withdraws the record; a server restarted with the new keyring announces it.
    expect(await old.stop()).toBe(0);
    running.splice(running.indexOf(old), 1);
    const current = await serve("new");
    const moved = await reencrypt();
    expect(moved).toMatchObject({ code: 0, stderr: "" });
    expect(moved.stdout).toContain('re-encrypted 1 of 1 secrets to key "k2"');
    expect(await keyIdsInUse()).toEqual(["k2"]);
    const credentials = createClient(
      CredentialService,
      createConnectTransport({ baseUrl: current.url, httpVersion: "1.1" }),
    );
    const read = await credentials.getCredentialSecret({ id }, { headers: { Authorization: `Bearer ${token}` } });
    expect(read.secret).toBe(plain);
  });

  it("ignores the record of a server that died without withdrawing it", async () => {
    const store = await openStore(config, { now: () => new Date(Date.now() - keyringLiveMillis - 1_000) });
    try {
      await store.servingKeyrings.announce({ instanceId: "dead", host: "gone", keyIds: ["k1"], activeKeyId: "k1" });
    } finally {
      await store.close();
    }
    expect(await reencrypt()).toMatchObject({ code: 0, stderr: "" });
    const live = await openStore(config);
    try {
      await live.servingKeyrings.announce({ instanceId: "live", host: "here", keyIds: ["k1"], activeKeyId: "k1" });
      expect((await live.servingKeyrings.listSince(new Date(0))).map((s) => s.instanceId)).toEqual(["dead", "live"]);
    } finally {
      await live.close();
    }
    expect(await reencrypt()).toMatchObject({ code: 1, stdout: "" });
  });
});
