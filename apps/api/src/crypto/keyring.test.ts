import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDevKeyring, KeyringError, loadKeyring, parseKeyring } from "./keyring.js";

const key = (bytes = 32) => randomBytes(bytes).toString("base64");

describe("keyring", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-keyring-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeKeyring(content: string, mode = 0o600): Promise<string> {
    const path = join(dir, "keyring.json");
    await writeFile(path, content, { mode });
    await chmod(path, mode);
    return path;
  }

  it("loads a valid keyring", async () => {
    const k1 = key();
    const k2 = key();
    const audit = key();
    const keyring = await loadKeyring(await writeKeyring(JSON.stringify({ active: "k2", keys: { k1, k2 }, audit })));
    expect(keyring.active).toBe("k2");
    expect(Object.keys(keyring.keys).sort()).toEqual(["k1", "k2"]);
    expect(Buffer.from(keyring.keys["k1"]!).toString("base64")).toBe(k1);
    expect(Buffer.from(keyring.audit).toString("base64")).toBe(audit);
  });

  it("refuses a keyring that group or others can read", async () => {
    const path = await writeKeyring(JSON.stringify({ active: "k1", keys: { k1: key() }, audit: key() }), 0o644);
    await expect(loadKeyring(path)).rejects.toThrow(/mode 0644.*chmod 600/);
    await chmod(path, 0o640);
    await expect(loadKeyring(path)).rejects.toThrow(KeyringError);
    await chmod(path, 0o400);
    await expect(loadKeyring(path)).resolves.toMatchObject({ active: "k1" });
  });

  it("says so when the file is missing or not a file", async () => {
    await expect(loadKeyring(join(dir, "absent.json"))).rejects.toThrow(/absent\.json does not exist/);
    await expect(loadKeyring(dir)).rejects.toThrow(/not a regular file/);
  });

  it("reports bad JSON without quoting the file", async () => {
    const secret = key();
    const path = await writeKeyring(`{"active": "k1", "audit": "${key()}", "keys": {"k1": "${secret}"`);
    const error = await loadKeyring(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyringError);
    expect((error as Error).message).toMatch(/is not valid JSON/);
    expect((error as Error).message).not.toContain(secret.slice(0, 8));
    expect((error as Error).cause).toBeUndefined();
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ["an array", [], /must be a JSON object/],
    ["no active key id", { keys: { k1: key() }, audit: key() }, /"active" must be a non-empty key id/],
    ["an unknown field", { active: "k1", keys: { k1: key() }, audit: key(), extra: 1 }, /unknown field "extra"/],
    ["keys that are not an object", { active: "k1", keys: [key()], audit: key() }, /"keys" must be an object/],
    ["no keys", { active: "k1", keys: {}, audit: key() }, /"keys" is empty/],
    [
      "an active key that is absent",
      { active: "k2", keys: { k1: key() }, audit: key() },
      /active key "k2" is not among "keys"/,
    ],
    ["a short key", { active: "k1", keys: { k1: key(16) }, audit: key() }, /key "k1" must decode to 32 bytes, not 16/],
    ["a long key", { active: "k1", keys: { k1: key(33) }, audit: key() }, /must decode to 32 bytes, not 33/],
    [
      "a key that is not base64",
      { active: "k1", keys: { k1: "not base64!" }, audit: key() },
      /key "k1" must be a base64 string/,
    ],
    [
      "a key that is not a string",
      { active: "k1", keys: { k1: 42 }, audit: key() },
      /key "k1" must be a base64 string/,
    ],
    ["an unusable key id", { active: "k 1", keys: { "k 1": key() }, audit: key() }, /key id #1 in "keys" must be/],
    ["no audit key", { active: "k1", keys: { k1: key() } }, /no "audit" key; add "audit": .*`openssl rand -base64 32`/],
    [
      "a short audit key",
      { active: "k1", keys: { k1: key() }, audit: key(16) },
      /"audit" must decode to 32 bytes, not 16/,
    ],
    [
      "an audit key that is not base64",
      { active: "k1", keys: { k1: key() }, audit: "not base64!" },
      /"audit" must be a base64 string/,
    ],
  ];
  it.each(invalid)("rejects %s with a clear message", (_, content, message) => {
    expect(() => parseKeyring(JSON.stringify(content), "test")).toThrow(message);
  });

  it("refuses an audit key that is also an encryption key", () => {
    const shared = key();
    const parse = () => parseKeyring(JSON.stringify({ active: "k1", keys: { k1: shared }, audit: shared }), "test");
    expect(parse).toThrow(/"audit" must be a key of its own/);
    expect(parse).not.toThrow(shared.slice(0, 12));
  });

  it("never puts key material in a validation message", () => {
    const short = key(31);
    for (const content of [
      { active: "k1", keys: { k1: short }, audit: key() },
      { active: "k1", keys: { k1: key() }, audit: short },
      { active: "k1", keys: { k1: short }, audit: short },
    ]) {
      const error = (() => {
        try {
          parseKeyring(JSON.stringify(content), "test");
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toMatch(/^keyring test: /);
      expect(error?.message).not.toContain(short);
    }
  });

  it("does not echo a key that was put where a name belongs", () => {
    const material = key();
    for (const content of [
      { active: "k1", keys: { [material]: "k1" }, audit: key() },
      { active: material, keys: { k1: key() }, audit: key() },
      { active: "k1", keys: { k1: key() }, audit: key(), [material]: 1 },
    ]) {
      expect(() => parseKeyring(JSON.stringify(content), "test")).toThrow(KeyringError);
      expect(() => parseKeyring(JSON.stringify(content), "test")).not.toThrow(material.slice(0, 12));
    }
  });

  it("creates a development keyring once, mode 0600, leaving no temp files", async () => {
    const path = join(dir, "nested", "dev-keyring.json");
    expect(await createDevKeyring(path)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const first = await readFile(path, "utf8");
    const keyring = await loadKeyring(path);
    expect(keyring.keys[keyring.active]).toHaveLength(32);
    expect(keyring.audit).toHaveLength(32);
    expect(Buffer.from(keyring.audit).equals(keyring.keys[keyring.active]!)).toBe(false);

    expect(await createDevKeyring(path)).toBe(false);
    expect(await readFile(path, "utf8")).toBe(first);
    expect(await readdir(join(dir, "nested"))).toEqual(["dev-keyring.json"]);
  });

  it("lets exactly one of several concurrent creators win", async () => {
    const path = join(dir, "dev-keyring.json");
    const created = await Promise.all(Array.from({ length: 8 }, () => createDevKeyring(path)));
    expect(created.filter(Boolean)).toHaveLength(1);
    await expect(loadKeyring(path)).resolves.toBeDefined();
    expect(await readdir(dir)).toEqual(["dev-keyring.json"]);
  });
});
