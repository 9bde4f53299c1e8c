import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { newCredentialId, type Store, type UserId } from "../storage/index.js";
import { allCredentials, credentialInput, secretPatch } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { randomKeyring, withActive } from "../testing/test-keyrings.js";
import { useTestStore } from "../testing/test-store.js";
import { createAesGcmSecretBox } from "./aes-gcm-secret-box.js";
import { KeyringMissingKeysError } from "./check-keyring-covers-store.js";
import { type ReencryptCounts, ReencryptError, reencryptAll } from "./reencrypt.js";
import type { SecretBox } from "./secret-box.js";

async function insertSealed(store: Store, box: SecretBox, ownerId: UserId, name: string, plaintext: string) {
  const id = newCredentialId();
  const secret = box.seal(plaintext, { credentialId: id, provider: ProviderType.GITHUB });
  return store.credentials.insert(credentialInput(ownerId, { id, name, provider: ProviderType.GITHUB, secret }));
}

async function secretsByKey(store: Store): Promise<Record<string, string[]>> {
  const rows = await allCredentials(store);
  const byKey: Record<string, string[]> = {};
  for (const row of rows) {
    byKey[row.secret.keyId] ??= [];
    byKey[row.secret.keyId]!.push(row.name);
  }
  for (const names of Object.values(byKey)) names.sort();
  return byKey;
}

describe.each(testBackends)("re-encryption on $name", (backend) => {
  const ctx = useTestStore(backend);
  const keyring = randomKeyring(["k1", "k2", "k3"], "k1");
  const oldBox = createAesGcmSecretBox(keyring);
  const newBox = createAesGcmSecretBox(withActive(keyring, "k3"));

  async function seed(count: number): Promise<UserId> {
    const { store } = ctx();
    const owner = await store.users.create({ name: "alice", admin: false });
    for (let i = 0; i < count; i++) await insertSealed(store, oldBox, owner.id, `c${i}`, `secret-${i}`);
    await insertSealed(store, newBox, owner.id, "current", "secret-current");
    return owner.id;
  }

  it("moves every secret to the active key in batches, and the secrets still open", async () => {
    await seed(7);
    const { store } = ctx();
    const progress: ReencryptCounts[] = [];
    const result = await reencryptAll(store, newBox, { batchSize: 3, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ examined: 7, reencrypted: 7, skippedConcurrent: 0 });
    expect(progress.map((p) => p.reencrypted)).toEqual([3, 6, 7]);
    expect(await store.credentials.keyIdsInUse()).toEqual(["k3"]);
    const rows = await allCredentials(store);
    for (const row of rows) {
      const expected = row.name === "current" ? "secret-current" : `secret-${row.name.slice(1)}`;
      expect(newBox.open(row.secret, { credentialId: row.id, provider: row.provider })).toBe(expected);
    }
    expect(await reencryptAll(store, newBox)).toEqual({ examined: 0, reencrypted: 0, skippedConcurrent: 0 });
  });

  it("writes nothing in a dry run but counts what it would move", async () => {
    await seed(5);
    const { store } = ctx();
    const before = await allCredentials(store);
    const result = await reencryptAll(store, newBox, { dryRun: true, batchSize: 2 });
    expect(result).toEqual({ examined: 5, reencrypted: 5, skippedConcurrent: 0 });
    expect(await allCredentials(store)).toEqual(before);
  });

  it("lets a concurrent update win and moves on", async () => {
    const ownerId = await seed(0);
    const { store } = ctx();
    const row = await insertSealed(store, oldBox, ownerId, "raced", "before");
    // A store whose replaceSecret lets the "server" update the row first.
    let raced = false;
    const racing: Store = {
      ...store,
      credentials: Object.assign(Object.create(store.credentials) as Store["credentials"], {
        replaceSecret: async (...args: Parameters<Store["credentials"]["replaceSecret"]>) => {
          if (!raced) {
            raced = true;
            const secret = oldBox.seal("after", { credentialId: row.id, provider: row.provider });
            await store.credentials.update(row.id, secretPatch(row, secret));
          }
          return store.credentials.replaceSecret(...args);
        },
      }),
    };
    const result = await reencryptAll(racing, newBox);
    expect(result).toEqual({ examined: 2, reencrypted: 1, skippedConcurrent: 1 });
    const now = await store.credentials.get(row.id);
    expect(now?.secret.keyId).toBe("k3");
    expect(newBox.open(now!.secret, { credentialId: row.id, provider: row.provider })).toBe("after");
  });

  it("stops, instead of spinning, when something keeps rewriting secrets under an old key", async () => {
    await seed(2);
    const { store } = ctx();
    let attempts = 0;
    // Every swap loses to a writer that seals under the old key again, as a
    // server still running with the old keyring would.
    const contested: Store = {
      ...store,
      credentials: Object.assign(Object.create(store.credentials) as Store["credentials"], {
        replaceSecret: async (...args: Parameters<Store["credentials"]["replaceSecret"]>) => {
          if (++attempts > 50) throw new Error("re-encryption kept retrying rows that always lose the race");
          const [id] = args;
          const current = (await store.credentials.get(id))!;
          const again = oldBox.seal("rewritten", { credentialId: id, provider: current.provider });
          await store.credentials.update(id, secretPatch(current, again));
          return store.credentials.replaceSecret(...args);
        },
      }),
    };
    await expect(reencryptAll(contested, newBox)).rejects.toThrow(/not making progress/);
    expect(attempts).toBeLessThan(10);
  });

  it("stops with the credential id when a secret cannot be opened", async () => {
    const ownerId = await seed(1);
    const { store } = ctx();
    const bad = await store.credentials.insert(
      credentialInput(ownerId, { name: "bad", secret: { keyId: "k2", sealed: new Uint8Array(40) } }),
    );
    for (const dryRun of [true, false]) {
      const error = await reencryptAll(store, newBox, { dryRun }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReencryptError);
      expect((error as Error).message).toContain(bad.id);
    }
  });

  it("refuses to start when the keyring lacks a key in use", async () => {
    await seed(2);
    const partial = createAesGcmSecretBox({ ...keyring, active: "k3", keys: { k3: keyring.keys["k3"]! } });
    await expect(reencryptAll(ctx().store, partial)).rejects.toThrow(KeyringMissingKeysError);
    expect(await secretsByKey(ctx().store)).toEqual({ k1: ["c0", "c1"], k3: ["current"] });
  });
});
