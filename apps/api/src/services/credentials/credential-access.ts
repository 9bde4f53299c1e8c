import { type CredentialRecord, type CredentialStore, NameTakenError, parseId } from "../../storage/index.js";
import type { UserPrincipal } from "../auth/principal.js";
import { alreadyExists, invalidArgument, notFound, throwIfViolations } from "../request-errors.js";
import { validateName } from "../validate-name.js";

/**
 * Owners and admins see a credential; for everyone else it does not exist.
 * Answering NotFound rather than PermissionDenied keeps ids and names from
 * being probed.
 */
export function canAccess(principal: UserPrincipal, record: CredentialRecord): boolean {
  return principal.user.admin || record.ownerId === principal.user.id;
}

export async function loadAccessible(
  store: CredentialStore,
  principal: UserPrincipal,
  id: string,
): Promise<CredentialRecord> {
  if (id === "") throw invalidArgument([{ field: "id", description: "must not be empty" }]);
  const credentialId = parseId("credential", id);
  const record = credentialId && (await store.get(credentialId));
  if (!record || !canAccess(principal, record)) throw notFound("credential", id);
  return record;
}

/** Names are per owner, so a name lookup only ever searches the caller's own credentials. */
export async function findOwnByName(
  store: CredentialStore,
  principal: UserPrincipal,
  name: string,
): Promise<CredentialRecord> {
  throwIfViolations(validateName(name));
  const record = await store.getByName(principal.user.id, name);
  if (!record) throw notFound("credential named", name);
  return record;
}

/** Runs a write that may take a name, answering AlreadyExists in the words a user needs. */
export async function withNameTaken<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof NameTakenError) {
      throw alreadyExists(
        `you already have a credential named ${JSON.stringify(name)}; choose another name or update that one`,
      );
    }
    throw err;
  }
}
