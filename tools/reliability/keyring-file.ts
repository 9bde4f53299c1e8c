import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";

/** Key id to 32 random bytes; the audit key stays the same across rotations, as the README asks. */
export interface KeyringKeys {
  readonly keys: Readonly<Record<string, Buffer>>;
  readonly audit: Buffer;
}

export function freshKeys(ids: readonly string[]): KeyringKeys {
  return { keys: Object.fromEntries(ids.map((id) => [id, randomBytes(32)])), audit: randomBytes(32) };
}

/** Writes the documented ACP_KEYRING_FILE form holding `ids` of `keys`, with `active` active. */
export async function writeKeyring(
  path: string,
  keys: KeyringKeys,
  ids: readonly string[],
  active: string,
): Promise<string> {
  const json = {
    active,
    keys: Object.fromEntries(ids.map((id) => [id, keys.keys[id]!.toString("base64")])),
    audit: keys.audit.toString("base64"),
  };
  await writeFile(path, JSON.stringify(json), { mode: 0o600 });
  return path;
}
