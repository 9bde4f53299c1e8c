import { credentialExpiry } from "@acp/providers";
import type { SessionSnapshot } from "../client/index.js";
import type { Logger } from "../logging/index.js";

/**
 * Warns, once per credential and expiry, about a credential that stops
 * working before the session ends (and passes on its summary's notes, such
 * as a lifetime the summary cannot know): at start, and again only when a
 * rotation brings a new expiry or new notes.
 */
export class ExpiryWarnings {
  readonly #warned = new Set<string>();

  constructor(private readonly log: Logger) {}

  check(snapshot: SessionSnapshot): void {
    for (const credential of snapshot.credentials) {
      const { expireTime, notes } = credentialExpiry(credential.summary);
      const early = expireTime !== undefined && snapshot.expireTime !== undefined && expireTime < snapshot.expireTime;
      if (!early && notes.length === 0) continue;
      const key = JSON.stringify([credential.credentialId, early ? expireTime : undefined, notes]);
      if (this.#warned.has(key)) continue;
      this.#warned.add(key);
      this.log.warn(early ? "credential expires before the session ends" : "credential expiry note", {
        credential: credential.name,
        expireTime: early ? expireTime.toISOString() : undefined,
        sessionExpireTime: early ? snapshot.expireTime?.toISOString() : undefined,
        notes,
      });
    }
  }
}
