import { Code, ConnectError } from "@connectrpc/connect";
import type { ApiTokenStore, SessionStore } from "../../storage/index.js";
import { hashApiToken } from "./api-tokens.js";
import type { Principal } from "./principal.js";
import { isRunnerToken } from "./runner-tokens.js";

const bearer = /^Bearer ([A-Za-z0-9_-]{16,256})$/;

export interface Authenticator {
  readonly tokens: ApiTokenStore;
  readonly sessions: SessionStore;
  readonly now: () => Date;
}

/**
 * Turns an Authorization header into the caller: a user through an API token,
 * or a session's runner through its runner token, which works only while the
 * session runs and has not expired. Failures say what is wrong with the
 * header but never echo it: it may be a secret pasted by mistake.
 */
export async function authenticateBearer(auth: Authenticator, header: string | null): Promise<Principal> {
  if (!header) {
    throw new ConnectError('missing Authorization header; send "Authorization: Bearer <token>"', Code.Unauthenticated);
  }
  const match = bearer.exec(header);
  if (!match) throw new ConnectError('malformed Authorization header; expected "Bearer <token>"', Code.Unauthenticated);
  const token = match[1]!;
  if (isRunnerToken(token)) {
    const session = await auth.sessions.authenticateRunner(hashApiToken(token), auth.now());
    if (!session)
      throw new ConnectError("invalid runner token, or its session has ended or expired", Code.Unauthenticated);
    return { kind: "runner", session };
  }
  const found = await auth.tokens.authenticate(hashApiToken(token));
  if (!found) throw new ConnectError("invalid or revoked API token", Code.Unauthenticated);
  return { kind: "user", user: found.user, tokenId: found.token.id };
}
