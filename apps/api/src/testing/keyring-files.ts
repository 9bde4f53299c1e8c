// Test support: a keyring written where ACP_KEYRING_FILE can name it.
import { writeFile } from "node:fs/promises";
import type { Keyring } from "../crypto/index.js";

export async function writeKeyringFile(path: string, keyring: Keyring): Promise<string> {
  const base64 = (key: Uint8Array) => Buffer.from(key).toString("base64");
  const json = {
    active: keyring.active,
    keys: Object.fromEntries(Object.entries(keyring.keys).map(([id, key]) => [id, base64(key)])),
    audit: base64(keyring.audit),
  };
  await writeFile(path, JSON.stringify(json), { mode: 0o600 });
  return path;
}
