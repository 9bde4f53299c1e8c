import { createHmac, createSecretKey } from "node:crypto";
import { type Keyring, keyBytes } from "./keyring.js";

/**
 * The audit trail's fingerprint of a value handed out: a keyed HMAC, so the
 * trail can be searched for a value one holds (a leaked token, say) while a
 * reader of the trail alone cannot test guesses against it.
 */
export interface AuditHasher {
  /** Hex HMAC-SHA256 of the UTF-8 bytes of `value`. */
  hash(value: string): string;
}

export function createAuditHasher(keyring: Pick<Keyring, "audit">): AuditHasher {
  if (keyring.audit.length !== keyBytes) throw new RangeError(`the audit key must be ${keyBytes} bytes`);
  // Imported once, like the secret box's keys: a KeyObject keeps the bytes off
  // the JS heap and saves re-importing them on every read.
  const key = createSecretKey(keyring.audit);
  return {
    hash: (value) => createHmac("sha256", key).update(value, "utf8").digest("hex"),
  };
}
