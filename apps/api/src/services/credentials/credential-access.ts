import type { CredentialRecord } from "../../storage/records.js";
import type { CredentialStore } from "../../storage/store.js";
import type { Principal } from "../../server/principal.js";
import { invalidArgument, notFound } from "../request-errors.js";

/**
 * Owners and admins see a credential; for everyone else it does not exist.
 * Answering NotFound rather than PermissionDenied keeps ids and names from
 * being probed.
 */
export function canAccess(principal: Principal, record: CredentialRecord): boolean {
  return principal.user.admin || record.ownerId === principal.user.id;
}

export async function loadAccessible(
  store: CredentialStore,
  principal: Principal,
  id: string,
): Promise<CredentialRecord> {
  if (id === "") throw invalidArgument([{ field: "id", description: "must not be empty" }]);
  const record = await store.get(id);
  if (!record || !canAccess(principal, record)) throw notFound("credential", id);
  return record;
}
