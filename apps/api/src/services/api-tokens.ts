import { createHash, randomBytes } from "node:crypto";
import type { ApiTokenRecord } from "../storage/records.js";
import type { ApiTokenStore } from "../storage/store.js";

/**
 * Tokens carry 256 random bits, so a fast unsalted hash is enough to make the
 * stored value useless to a database reader while keeping lookup O(1).
 */
export function hashApiToken(token: string): Uint8Array {
  return createHash("sha256").update(token, "utf8").digest();
}

export interface IssuedApiToken {
  readonly record: ApiTokenRecord;
  /** Shown to the caller once; never stored. */
  readonly token: string;
}

export async function issueApiToken(
  tokens: ApiTokenStore,
  userId: string,
  description: string,
): Promise<IssuedApiToken> {
  const token = `acp_${randomBytes(32).toString("base64url")}`;
  const record = await tokens.create({ userId, description, tokenHash: hashApiToken(token) });
  return { record, token };
}
