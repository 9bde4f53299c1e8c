// Test support: checks that an allowed answer of the authorization matrix is
// the right thing, not merely an OK, so an allow that hands out the wrong
// credential or someone else's rows is caught as surely as a wrong code.
import type { GetCredentialSecretResponse, SessionCredential } from "@acp/proto";
import type { AuthorizationWorld, Caller } from "./authorization-world.js";

/** GetCredentialSecret of C answers C's secret. */
export function isSecretOfC(answer: unknown, world: AuthorizationWorld): string | undefined {
  const { credentialId, secret } = answer as GetCredentialSecretResponse;
  if (credentialId !== world.credential.id) return `answered credential ${credentialId}, not C`;
  if (secret !== world.credential.secret) return "answered a secret that is not C's";
  return undefined;
}

/** A runner read: S's runner gets C with its secret, S2's runner gets nothing of C. */
export function isSessionReadOf(answer: unknown, world: AuthorizationWorld, caller: Caller): string | undefined {
  const { credentials } = answer as { readonly credentials: readonly SessionCredential[] };
  const c = credentials.find((credential) => credential.credentialId === world.credential.id);
  if (caller.name !== "runner") return c ? "handed C to a session C is not bound to" : undefined;
  if (!c) return "left C out of S's credentials";
  if (c.secret !== world.credential.secret) return "handed S a secret for C that is not C's";
  return undefined;
}

/** What of P and C a caller outside both must never see in any answer: ids, and C's secret. */
export function traceOfPOrC(answerJson: string, world: AuthorizationWorld): string | undefined {
  const traces: Readonly<Record<string, string>> = {
    "P's id": world.project.id,
    "C's id": world.credential.id,
    "C's secret": world.credential.secret,
    "the id of C's binding to P": world.bindingId,
    "S's id": world.sessionId,
  };
  const seen = Object.entries(traces).filter(([, value]) => answerJson.includes(value));
  return seen.length === 0 ? undefined : `showed a plain user ${seen.map(([what]) => what).join(", ")}`;
}
