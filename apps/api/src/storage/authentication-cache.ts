import type { SessionRecord } from "./access-records.js";
import type { ChangeNotifier } from "./change-notifier.js";
import type { ApiTokenRecord, UserRecord } from "./records.js";
import { TokenCache, type TokenCacheLimits } from "./token-cache.js";

export interface VerifiedApiToken {
  readonly token: ApiTokenRecord;
  readonly user: UserRecord;
}

/**
 * This process's verified API and runner tokens, forgotten the moment a change
 * that ends one is heard from any process on the database (the notifier the
 * change stream uses), and in any case after the limits' time to live. A
 * runner's session is checked against the call's time on every use, so an
 * expired one is never served. After a resync (changes may have been missed)
 * everything is forgotten.
 */
export class AuthenticationCache {
  readonly apiTokens: TokenCache<VerifiedApiToken>;
  readonly runners: TokenCache<SessionRecord>;
  readonly #stop: (() => void)[];

  constructor(changes: ChangeNotifier, limits: TokenCacheLimits) {
    const apiTokens = new TokenCache<VerifiedApiToken>(limits, (verified) => verified.token.id);
    const runners = new TokenCache<SessionRecord>(limits, (session) => session.id);
    this.apiTokens = apiTokens;
    this.runners = runners;
    this.#stop = [
      changes.subscribe((change) => {
        switch (change.kind) {
          case "token":
            apiTokens.evict(change.tokenId);
            return;
          case "session":
            runners.evict(change.sessionId);
            return;
          case "project":
            runners.evictWhere((session) => session.projectId === change.projectId);
            return;
          case "credential":
          case "binding":
            return;
        }
      }),
      changes.onResync(() => {
        apiTokens.clear();
        runners.clear();
      }),
    ];
  }

  close(): void {
    for (const stop of this.#stop) stop();
    this.apiTokens.clear();
    this.runners.clear();
  }
}

/** A token hash as a map key. */
export function tokenKey(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("base64");
}
