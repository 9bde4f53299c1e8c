import { Code, ConnectError } from "@connectrpc/connect";
import type { ApiTokenStore } from "../../storage/index.js";
import { hashApiToken } from "./api-tokens.js";
import type { Principal } from "./principal.js";

const bearer = /^Bearer ([A-Za-z0-9_-]{16,256})$/;

/**
 * Turns an Authorization header into the caller. Failures say what is wrong
 * with the header but never echo it: it may be a secret pasted by mistake.
 */
export async function authenticateBearer(tokens: ApiTokenStore, header: string | null): Promise<Principal> {
  if (!header) {
    throw new ConnectError('missing Authorization header; send "Authorization: Bearer <token>"', Code.Unauthenticated);
  }
  const match = bearer.exec(header);
  if (!match) throw new ConnectError('malformed Authorization header; expected "Bearer <token>"', Code.Unauthenticated);
  const found = await tokens.authenticate(hashApiToken(match[1]!));
  if (!found) throw new ConnectError("invalid or revoked API token", Code.Unauthenticated);
  return { user: found.user, tokenId: found.token.id };
}
