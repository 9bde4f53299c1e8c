import type { SessionCredential } from "@acp/proto";
import type { SecretBox } from "../../crypto/index.js";
import type { CredentialId, CredentialRecord } from "../../storage/index.js";
import { sessionCredential } from "./read-session.js";

/** A credential as its runner receives it, and the audit HMAC of the secret in it. */
export interface OpenedCredential {
  readonly credential: SessionCredential;
  readonly valueHmac: string;
}

/** Turns a stored credential into what its runner receives, secret opened. */
export interface CredentialOpener {
  open(credential: CredentialRecord): OpenedCredential;
}

export interface CredentialOpenerOptions {
  /** How long an opened credential is kept, from when it was opened; its plaintext goes with it. */
  readonly ttlMs?: number;
  /** Most credentials kept at once; the oldest goes first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Kept {
  readonly source: CredentialRecord;
  readonly opened: OpenedCredential;
  readonly expires: number;
}

/**
 * Every runner read opens the same few secrets again and again: five AES-GCM
 * decryptions, their summaries decoded, five messages built and five HMACs for
 * the audit trail, about a seventh of a call. What was opened is kept for a few seconds and handed out again only
 * for a record read from the database with exactly the same inputs: the same
 * credential id and provider (its associated data), the same key id and
 * sealed bytes, and the same fields the message carries. Any other record,
 * whether the secret was rotated, re-encrypted, tampered with or moved to
 * another credential, is opened afresh and must pass the associated-data check
 * as always; so the answer is the one decrypting again would give.
 */
export function createCredentialOpener(
  box: SecretBox,
  /** The audit trail's `hash`. */
  hash: (value: string) => string,
  options: CredentialOpenerOptions = {},
): CredentialOpener {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 1_024;
  const now = options.now ?? Date.now;
  const kept = new Map<CredentialId, Kept>();
  let sweeping = false;

  // Expired entries go even if nobody asks for them again: the plaintext must not linger.
  const sweepExpired = () => {
    sweeping = false;
    const at = now();
    for (const [id, entry] of kept) if (entry.expires <= at) kept.delete(id);
    if (kept.size > 0) armSweep();
  };
  const armSweep = () => {
    if (sweeping) return;
    sweeping = true;
    setTimeout(sweepExpired, ttlMs).unref();
  };

  return {
    open(credential) {
      const at = now();
      const found = kept.get(credential.id);
      if (found !== undefined && found.expires > at && sameInputs(found.source, credential)) return found.opened;
      const message = sessionCredential(box, credential);
      const opened = { credential: message, valueHmac: hash(message.secret) };
      kept.delete(credential.id);
      if (kept.size >= maxEntries) kept.delete(kept.keys().next().value!);
      kept.set(credential.id, { source: credential, opened, expires: at + ttlMs });
      armSweep();
      return opened;
    },
  };
}

/** Whether two records of one credential id open to the same message. */
function sameInputs(a: CredentialRecord, b: CredentialRecord): boolean {
  return (
    a.provider === b.provider &&
    a.secret.keyId === b.secret.keyId &&
    Buffer.compare(a.secret.sealed, b.secret.sealed) === 0 &&
    a.updateTime.getTime() === b.updateTime.getTime() &&
    a.name === b.name &&
    a.url === b.url &&
    a.email === b.email &&
    Buffer.compare(a.summary, b.summary) === 0
  );
}
