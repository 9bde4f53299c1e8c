import { NameTakenError } from "./store.js";
import { StorageError } from "./storage-error.js";

/** Which name a unique violation in this operation would be about, if any. */
export interface TakenName {
  readonly entity: "user" | "credential";
  readonly name: string;
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}

// Only name constraints mean "pick another name"; a clash on a primary key or
// token hash is a bug or a one-in-2^128 event, and must not read as one.
function isNameUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  if (code === "SQLITE_CONSTRAINT_UNIQUE") {
    const message = (error as { message?: unknown }).message;
    return typeof message === "string" && /\.name\b/.test(message);
  }
  if (code === "23505") {
    const constraint = (error as { constraint?: unknown }).constraint;
    return constraint === "users_name_key" || constraint === "credentials_owner_name_key";
  }
  return false;
}

/** Translates a driver error into the errors the service understands, never exposing driver text. */
export function mapDatabaseError(error: unknown, operation: string, takenName?: TakenName): Error {
  if (error instanceof NameTakenError || error instanceof StorageError) return error;
  if (takenName !== undefined && isNameUniqueViolation(error)) {
    return new NameTakenError(takenName.entity, takenName.name);
  }
  return new StorageError(operation, { cause: error });
}

/** Runs one store operation so that whatever it throws is mapped. */
export async function guarded<T>(operation: string, body: () => Promise<T>, takenName?: TakenName): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw mapDatabaseError(error, operation, takenName);
  }
}
