// Test support: in-memory keyrings with fresh random keys.
import { randomBytes } from "node:crypto";
import type { Keyring } from "../crypto/index.js";

export function randomKeyring(ids: readonly string[], active: string = ids[ids.length - 1]!): Keyring {
  return {
    active,
    keys: Object.fromEntries(ids.map((id) => [id, new Uint8Array(randomBytes(32))])),
    audit: new Uint8Array(randomBytes(32)),
  };
}

/** The same keys with another active one, as after adding a key and switching to it. */
export function withActive(keyring: Keyring, active: string): Keyring {
  return { ...keyring, active };
}
