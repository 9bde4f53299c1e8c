import { type SessionCredential, SessionCredentialSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { SecretBox } from "../../crypto/index.js";
import type { BoundCredential, CredentialId, CredentialRecord, SessionRecord, Store } from "../../storage/index.js";
import { decodeSummary } from "../credentials/credential-to-proto.js";
import { openSecret } from "../credentials/open-secret.js";
import type { CredentialOpener } from "./credential-opener.js";
import { resolveSession, type SessionResolution } from "./resolve-session.js";

/** A session's resolution with the secrets of the winners, as its runner receives them. */
export interface SessionSnapshot {
  readonly resolution: SessionResolution;
  readonly credentials: readonly SessionCredential[];
  /** The audit trail's HMAC of each credential's secret, in the same order. */
  readonly valueHmacs: readonly string[];
  /** Winners and losers: a change to any of them may change the set. */
  readonly candidates: ReadonlySet<CredentialId>;
  /** Equal for two snapshots that would tell a runner the same thing. */
  readonly fingerprint: string;
}

/** Resolves the session's bindings and opens the winners' secrets: one query, then decryption. */
export async function readSession(
  store: Pick<Store, "bindings">,
  opener: CredentialOpener,
  session: SessionRecord,
): Promise<SessionSnapshot> {
  return snapshotOf(await store.bindings.listForSession(session), opener);
}

/** Resolves candidates given in the store's order, and opens each winner for the runner. */
export function snapshotOf(candidates: readonly BoundCredential[], opener: CredentialOpener): SessionSnapshot {
  const resolution = resolveSession(candidates);
  const opened = resolution.chosen.map(({ credential }) => opener.open(credential));
  const fingerprint = JSON.stringify(
    resolution.chosen.map(({ credential }) => [credential.id, credential.updateTime.getTime()]),
  );
  return {
    resolution,
    credentials: opened.map((o) => o.credential),
    valueHmacs: opened.map((o) => o.valueHmac),
    candidates: new Set(candidates.map((c) => c.credential.id)),
    fingerprint,
  };
}

/** A credential as its runner receives it, secret opened. */
export function sessionCredential(box: SecretBox, credential: CredentialRecord): SessionCredential {
  return create(SessionCredentialSchema, {
    credentialId: credential.id,
    name: credential.name,
    provider: credential.provider,
    secret: openSecret(box, credential),
    url: credential.url,
    email: credential.email,
    summary: decodeSummary(credential.summary),
    updateTime: timestampFromDate(credential.updateTime),
  });
}
