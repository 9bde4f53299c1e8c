import type { Credential, GetCredentialRequest } from "@acp/proto";
import { CredentialService } from "@acp/proto";
import type { ApiClients } from "../client/index.js";

// Credential ids carry this prefix, and the API refuses names that start
// with an id prefix, so the two never overlap: anything else is a name.
export const credentialIdPrefix = "cred_";

/** GetCredential's lookup for what the user typed as ID|NAME. */
export function credentialLookup(ref: string): GetCredentialRequest["lookup"] {
  return ref.startsWith(credentialIdPrefix) ? { case: "id", value: ref } : { case: "name", value: ref };
}

/**
 * The credential ID|NAME names. Update, delete and the secret read take an id
 * only, so a name is looked up first; NotFound names what was not found.
 */
export async function findCredential(api: ApiClients, ref: string): Promise<Credential> {
  const { credential } = await api.client(CredentialService).getCredential({ lookup: credentialLookup(ref) });
  if (credential === undefined) throw new Error("GetCredential answered without a credential");
  return credential;
}
