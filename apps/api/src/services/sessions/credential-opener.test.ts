import { ProviderType } from "@acp/proto";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createAesGcmSecretBox, createAuditHasher, type SecretBox } from "../../crypto/index.js";
import type { CredentialId, CredentialRecord } from "../../storage/index.js";
import { randomKeyring } from "../../testing/test-keyrings.js";
import { createCredentialOpener } from "./credential-opener.js";

const keyring = randomKeyring(["k1", "k2"], "k1");
const hasher = createAuditHasher(keyring);
const hash = (value: string) => hasher.hash(value);

/** The box, counting the secrets it opens. */
function countingBox(): { box: SecretBox; opened: () => number } {
  const inner = createAesGcmSecretBox(keyring);
  let opened = 0;
  const box: SecretBox = {
    activeKeyId: inner.activeKeyId,
    hasKey: (keyId) => inner.hasKey(keyId),
    seal: (plaintext, context) => inner.seal(plaintext, context),
    open: (sealed, context) => {
      opened += 1;
      return inner.open(sealed, context);
    },
  };
  return { box, opened: () => opened };
}

function stored(box: SecretBox, id: CredentialId, secret: string, overrides: Partial<CredentialRecord> = {}) {
  const provider = overrides.provider ?? ProviderType.GITHUB;
  const record: CredentialRecord = {
    id,
    ownerId: "usr_alice",
    name: "ci",
    provider,
    url: "",
    email: "",
    description: "",
    labels: {},
    allowInsecure: false,
    summary: new Uint8Array(),
    secret: box.seal(secret, { credentialId: id, provider }),
    createTime: new Date(1_000),
    updateTime: new Date(2_000),
    ...overrides,
  };
  return record;
}

/** The same record as a fresh read from the database returns it: equal fields, new objects. */
const reread = (record: CredentialRecord): CredentialRecord => ({
  ...record,
  secret: { ...record.secret, sealed: new Uint8Array(record.secret.sealed) },
  summary: new Uint8Array(record.summary),
  updateTime: new Date(record.updateTime),
});

describe("the credential opener", () => {
  it("opens a credential read again with exactly the same inputs only once", () => {
    const { box, opened } = countingBox();
    const opener = createCredentialOpener(box, hash);
    const record = stored(box, "cred_a", "ghp_one");
    const first = opener.open(record);
    expect(first.credential.secret).toBe("ghp_one");
    expect(first.valueHmac).toBe(hasher.hash("ghp_one"));
    expect(opener.open(reread(record))).toBe(first);
    expect(opened()).toBe(1);
  });

  it("opens afresh whatever differs: a rotated secret, another key, another update time or field", () => {
    const { box, opened } = countingBox();
    const opener = createCredentialOpener(box, hash);
    const record = stored(box, "cred_a", "ghp_one");
    opener.open(record);
    const rotated = { ...record, secret: box.seal("ghp_two", { credentialId: "cred_a", provider: record.provider }) };
    expect(opener.open(rotated)).toEqual({
      credential: expect.objectContaining({ secret: "ghp_two" }),
      valueHmac: hasher.hash("ghp_two"),
    });
    const reencrypted = {
      ...rotated,
      secret: createAesGcmSecretBox({ ...keyring, active: "k2" }).seal("ghp_two", {
        credentialId: "cred_a",
        provider: record.provider,
      }),
    };
    expect(opener.open(reencrypted).credential.secret).toBe("ghp_two");
    expect(opener.open({ ...reencrypted, updateTime: new Date(3_000) }).credential.updateTime?.seconds).toBe(3n);
    expect(opener.open({ ...reencrypted, updateTime: new Date(3_000), name: "renamed" }).credential.name).toBe(
      "renamed",
    );
    expect(opened()).toBe(5);
  });

  it("still refuses a secret moved to another credential, even one it has opened", () => {
    const { box } = countingBox();
    const opener = createCredentialOpener(box, hash);
    const original = stored(box, "cred_a", "ghp_one");
    opener.open(original);
    const moved = stored(box, "cred_b", "ghp_other", { secret: original.secret });
    const error = (() => {
      try {
        opener.open(moved);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.DataLoss);
  });

  it("keeps what it opened for ttlMs from the opening, and at most maxEntries credentials", () => {
    const { box, opened } = countingBox();
    let now = 0;
    const opener = createCredentialOpener(box, hash, { ttlMs: 1_000, maxEntries: 2, now: () => now });
    const a = stored(box, "cred_a", "ghp_a");
    opener.open(a);
    now = 999;
    opener.open(a);
    expect(opened()).toBe(1);
    now = 1_000;
    opener.open(a);
    expect(opened()).toBe(2);

    const b = stored(box, "cred_b", "ghp_b");
    const c = stored(box, "cred_c", "ghp_c");
    opener.open(b);
    opener.open(c);
    expect(opened()).toBe(4);
    // a was the oldest of three: it went.
    opener.open(a);
    opener.open(c);
    expect(opened()).toBe(5);
  });
});
