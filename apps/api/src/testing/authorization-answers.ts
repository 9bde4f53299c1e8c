// Test support: checks that an allowed answer of the authorization matrix is
// the right thing, not merely an OK, so an allow that hands out the wrong
// credential or someone else's rows is caught as surely as a wrong code.
import type { GetCredentialSecretResponse, SessionCredential } from "@acp/proto";
import type { AnswerCheck } from "./authorization-case.js";
import type { PrincipalName } from "./authorization-principals.js";
import type { AuthorizationWorld } from "./authorization-world.js";

/** GetCredentialSecret of C answers C's secret. */
export const isSecretOfC: AnswerCheck = (answer, _json, world) => {
  const { credentialId, secret } = answer as GetCredentialSecretResponse;
  if (credentialId !== world.credential.id) return `answered credential ${credentialId}, not C`;
  if (secret !== world.credential.secret) return "answered a secret that is not C's";
  return undefined;
};

/** A runner read: S's runner gets C with its secret, S2's runner gets nothing of C. */
export const isSessionReadOf: AnswerCheck = (answer, _json, world, caller) => {
  const { credentials } = answer as { readonly credentials: readonly SessionCredential[] };
  const c = credentials.find((credential) => credential.credentialId === world.credential.id);
  if (caller.name !== "runner") return c ? "handed C to a session C is not bound to" : undefined;
  if (!c) return "left C out of S's credentials";
  if (c.secret !== world.credential.secret) return "handed S a secret for C that is not C's";
  return undefined;
};

/** What of P and C shows in an answer that holds it: ids, and C's secret. */
function tracesOf(world: AuthorizationWorld) {
  return {
    "P's id": world.project.id,
    "C's id": world.credential.id,
    "C's secret": world.credential.secret,
    "the id of C's binding to P": world.bindingId,
    "S's id": world.sessionId,
  };
}

export type Trace = keyof ReturnType<typeof tracesOf>;

/** A caller outside both P and C must never see any trace of them. */
export function traceOfPOrC(answerJson: string, world: AuthorizationWorld): string | undefined {
  const seen = Object.entries(tracesOf(world)).filter(([, value]) => answerJson.includes(value));
  return seen.length === 0 ? undefined : `showed a plain user ${seen.map(([what]) => what).join(", ")}`;
}

/**
 * A list must show `trace` to each of `viewers`, so a filtered list that is
 * empty for everyone cannot pass for one that hides P and C from the plain user.
 */
export function shows(trace: Trace, viewers: readonly PrincipalName[]): AnswerCheck {
  return (_answer, json, world, caller) =>
    viewers.includes(caller.name) && !json.includes(tracesOf(world)[trace]) ? `left out ${trace}` : undefined;
}
