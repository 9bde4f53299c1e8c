import { createHash, randomBytes } from "node:crypto";
import type { ApiTokenId, ApiTokenRecord, ApiTokenStore, UserId } from "../../storage/index.js";
import { limits } from "../field-limits.js";
import { notFound, throwIfViolations } from "../request-errors.js";
import { textViolations } from "../text-limit.js";

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

/** Mints a token for a user; the RPC, the admin command and the first start all come here. */
export async function issueApiToken(
  tokens: ApiTokenStore,
  userId: UserId,
  description: string,
): Promise<IssuedApiToken> {
  // Also reached from commands and the first start, which no request check guards.
  throwIfViolations(textViolations("description", description, limits.tokenDescription));
  const token = `acp_${randomBytes(32).toString("base64url")}`;
  const record = await tokens.create({ userId, description, tokenHash: hashApiToken(token) });
  return { record, token };
}

/** Revokes a token by id; NotFound when there is none (revoking twice keeps the first time). */
export async function revokeApiToken(tokens: ApiTokenStore, id: ApiTokenId): Promise<ApiTokenRecord> {
  const revoked = await tokens.revoke(id);
  if (!revoked) throw notFound("API token", id);
  return revoked;
}
