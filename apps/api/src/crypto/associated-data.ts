import type { SealContext } from "./secret-box.js";

const format = "acp.credential-secret.v1";

function lengthPrefixed(field: string): Buffer {
  const bytes = Buffer.from(field, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The associated data authenticated with every secret: format, key id,
 * credential id and provider, each length-prefixed so that no two different
 * contexts encode to the same bytes (plain concatenation would let
 * ("ab","c") collide with ("a","bc")).
 */
export function encodeAssociatedData(keyId: string, context: SealContext): Buffer {
  if (!Number.isSafeInteger(context.provider) || context.provider < 0) {
    throw new RangeError("provider must be a non-negative integer");
  }
  return Buffer.concat([format, keyId, context.credentialId, String(context.provider)].map(lengthPrefixed));
}
