import { describe, expect, it } from "vitest";
import { credentialInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { randomKeyring } from "../testing/test-keyrings.js";
import { useTestStore } from "../testing/test-store.js";
import { createAesGcmSecretBox } from "./aes-gcm-secret-box.js";
import { assertKeyringCoversStore, KeyringMissingKeysError } from "./check-keyring-covers-store.js";

describe.each(testBackends)("keyring coverage on $name", (backend) => {
  const ctx = useTestStore(backend);

  it("passes for an empty store and when every key in use is present", async () => {
    const { store } = ctx();
    const box = createAesGcmSecretBox(randomKeyring(["k1", "k2"]));
    await assertKeyringCoversStore(store, box);
    const owner = await store.users.create({ name: "alice", admin: false });
    await store.credentials.insert(credentialInput(owner.id, { secret: { keyId: "k1", sealed: new Uint8Array([1]) } }));
    await assertKeyringCoversStore(store, box);
  });

  it("lists every key id the database uses but the keyring lacks", async () => {
    const { store } = ctx();
    const owner = await store.users.create({ name: "alice", admin: false });
    for (const [name, keyId] of [
      ["a", "old-1"],
      ["b", "k1"],
      ["c", "old-2"],
      ["d", "old-1"],
    ] as const) {
      await store.credentials.insert(
        credentialInput(owner.id, { name, secret: { keyId, sealed: new Uint8Array([1]) } }),
      );
    }
    const error = await assertKeyringCoversStore(store, createAesGcmSecretBox(randomKeyring(["k1"]))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeyringMissingKeysError);
    expect((error as KeyringMissingKeysError).missingKeyIds).toEqual(["old-1", "old-2"]);
    expect((error as Error).message).toMatch(/keys "old-1", "old-2" that the keyring does not contain/);
  });
});
