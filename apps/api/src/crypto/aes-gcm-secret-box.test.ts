import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { randomKeyring, withActive } from "../testing/test-keyrings.js";
import { createAesGcmSecretBox } from "./aes-gcm-secret-box.js";
import { type SealContext, SecretOpenError } from "./secret-box.js";

const context: SealContext = { credentialId: "cred_abc", provider: ProviderType.GITLAB };

describe("AES-256-GCM secret box", () => {
  it("round-trips a secret, including non-ASCII and empty text", () => {
    const box = createAesGcmSecretBox(randomKeyring(["k1"]));
    for (const plaintext of ["hunter2", "", "pässwörd 🔑", "x".repeat(100_000)]) {
      const sealed = box.seal(plaintext, context);
      expect(sealed.keyId).toBe("k1");
      expect(box.open(sealed, context)).toBe(plaintext);
    }
  });

  it("lays out nonce || ciphertext || tag", () => {
    const sealed = createAesGcmSecretBox(randomKeyring(["k1"])).seal("abcde", context);
    expect(sealed.sealed.length).toBe(12 + 5 + 16);
  });

  it("uses a fresh nonce for every seal", () => {
    const box = createAesGcmSecretBox(randomKeyring(["k1"]));
    const a = box.seal("same", context).sealed;
    const b = box.seal("same", context).sealed;
    expect(Buffer.from(a.subarray(0, 12)).equals(Buffer.from(b.subarray(0, 12)))).toBe(false);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("refuses a secret moved to another credential id or provider", () => {
    const box = createAesGcmSecretBox(randomKeyring(["k1"]));
    const sealed = box.seal("hunter2", context);
    expect(() => box.open(sealed, { ...context, credentialId: "cred_other" })).toThrow(SecretOpenError);
    expect(() => box.open(sealed, { ...context, provider: 3 })).toThrow(SecretOpenError);
  });

  it("binds the key id: relabelling a secret with another key fails", () => {
    const keyring = randomKeyring(["k1", "k2"], "k1");
    // Same bytes under both ids, so only the associated data tells them apart.
    const twin = { ...keyring, keys: { k1: keyring.keys["k1"]!, k2: keyring.keys["k1"]! } };
    const box = createAesGcmSecretBox(twin);
    const sealed = box.seal("hunter2", context);
    expect(() => box.open({ keyId: "k2", sealed: sealed.sealed }, context)).toThrow(SecretOpenError);
  });

  it("detects tampering anywhere in the sealed bytes", () => {
    const box = createAesGcmSecretBox(randomKeyring(["k1"]));
    const sealed = box.seal("hunter2", context);
    for (const index of [0, 11, 12, sealed.sealed.length - 17, sealed.sealed.length - 1]) {
      const tampered = new Uint8Array(sealed.sealed);
      tampered[index]! ^= 0x01;
      expect(() => box.open({ keyId: "k1", sealed: tampered }, context)).toThrow(SecretOpenError);
    }
    expect(() => box.open({ keyId: "k1", sealed: sealed.sealed.subarray(0, 27) }, context)).toThrow(SecretOpenError);
    expect(() => box.open({ keyId: "k1", sealed: sealed.sealed.subarray(0, 28) }, context)).toThrow(SecretOpenError);
  });

  it("fails to open with the wrong key or an unknown key id", () => {
    const sealed = createAesGcmSecretBox(randomKeyring(["k1"])).seal("hunter2", context);
    expect(() => createAesGcmSecretBox(randomKeyring(["k1"])).open(sealed, context)).toThrow(SecretOpenError);
    const error = (() => {
      try {
        createAesGcmSecretBox(randomKeyring(["k9"])).open(sealed, context);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SecretOpenError);
    expect(error).toMatchObject({ keyId: "k1" });
  });

  it("seals with the active key and still opens secrets under older keys", () => {
    const keyring = randomKeyring(["k1", "k2"], "k1");
    const old = createAesGcmSecretBox(keyring).seal("hunter2", context);
    const rotated = createAesGcmSecretBox(withActive(keyring, "k2"));
    expect(rotated.activeKeyId).toBe("k2");
    expect(rotated.hasKey("k1")).toBe(true);
    expect(rotated.hasKey("k3")).toBe(false);
    expect(rotated.open(old, context)).toBe("hunter2");
    expect(rotated.seal("hunter2", context).keyId).toBe("k2");
  });

  it("rejects a keyring whose active key is missing or a key of the wrong size", () => {
    expect(() => createAesGcmSecretBox(withActive(randomKeyring(["k1"]), "k2"))).toThrow(/active key "k2"/);
    expect(() => createAesGcmSecretBox({ ...randomKeyring(["k1"]), keys: { k1: new Uint8Array(16) } })).toThrow(
      /32 bytes/,
    );
  });
});
