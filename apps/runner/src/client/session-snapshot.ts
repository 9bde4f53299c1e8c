import { type Session, type SessionCredential, SessionState } from "@acp/proto";
import type { BoundCredential } from "@acp/providers";
import type { Message } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { RunnerCallError } from "./runner-call-error.js";

/** A bound credential as the runner materializes it. */
export interface SessionCredentialView extends BoundCredential {
  /** The summary oneof's message (e.g. a kubeconfig's facts, with its token's expiry), if the API derived one. */
  readonly summary: Message | undefined;
  readonly updateTime: Date | undefined;
}

/** The complete set of credentials bound to the session at one moment. */
export interface SessionSnapshot {
  readonly sessionId: string;
  /** When the runner token stops working, unless the session ends first. */
  readonly expireTime: Date | undefined;
  readonly state: "running" | "ended";
  readonly credentials: readonly SessionCredentialView[];
}

/**
 * Reads one answer of GetSessionCredentials or WatchSessionCredentials. An
 * answer without its session or with a state this build does not know is
 * refused as a failure rather than read as "no credentials".
 */
export function snapshotOf(
  session: Session | undefined,
  state: SessionState,
  credentials: readonly SessionCredential[],
): SessionSnapshot {
  if (session === undefined || session.id === "") {
    throw new RunnerCallError("failed", "INTERNAL", "the API answered without the session it was asked about");
  }
  if (state !== SessionState.RUNNING && state !== SessionState.ENDED) {
    throw new RunnerCallError(
      "failed",
      "INTERNAL",
      `the API sent session state ${state}, which this runner does not know`,
    );
  }
  return {
    sessionId: session.id,
    expireTime: session.expireTime === undefined ? undefined : timestampDate(session.expireTime),
    state: state === SessionState.ENDED ? "ended" : "running",
    credentials: credentials.map(credentialView),
  };
}

export function credentialView(credential: SessionCredential): SessionCredentialView {
  return {
    credentialId: credential.credentialId,
    name: credential.name,
    provider: credential.provider,
    secret: credential.secret,
    url: credential.url,
    email: credential.email,
    summary: credential.summary.case === undefined ? undefined : credential.summary.value,
    updateTime: credential.updateTime === undefined ? undefined : timestampDate(credential.updateTime),
  };
}
