import type { BindingTier } from "@acp/proto";
import { BindingTakenError } from "./access-store.js";
import { StorageError } from "./storage-error.js";
import { NameTakenError } from "./store.js";

/** Which name a unique violation in this operation would be about. */
export interface TakenName {
  readonly entity: "user" | "credential" | "project";
  readonly name: string;
}

/** A unique violation on (credential, target): the credential is bound there already. */
export interface TakenBinding {
  readonly entity: "binding";
  readonly tier: BindingTier;
}

/** What a unique violation in this operation would mean to the caller, if anything. */
export type TakenUnique = TakenName | TakenBinding;

// Each meaningful unique constraint, as each driver names it: PostgreSQL by
// constraint, SQLite only by its columns in the message. A clash on any other
// (a primary key, a token hash) is a bug or a one-in-2^128 event, and must
// not read as "pick another".
const uniqueConstraints: Readonly<Record<TakenUnique["entity"], { postgres: string; sqlite: string }>> = {
  user: { postgres: "users_name_key", sqlite: "users.name" },
  credential: { postgres: "credentials_owner_name_key", sqlite: "credentials.owner_id, credentials.name" },
  project: { postgres: "projects_name_key", sqlite: "projects.name" },
  binding: { postgres: "bindings_credential_target_key", sqlite: "bindings.credential_id, bindings.target_key" },
};

function field(error: unknown, name: "code" | "constraint" | "message"): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

function violates(error: unknown, entity: TakenUnique["entity"]): boolean {
  const constraint = uniqueConstraints[entity];
  const code = field(error, "code");
  if (code === "SQLITE_CONSTRAINT_UNIQUE") {
    const message = field(error, "message");
    return typeof message === "string" && message.endsWith(`: ${constraint.sqlite}`);
  }
  return code === "23505" && field(error, "constraint") === constraint.postgres;
}

function takenError(taken: TakenUnique): Error {
  return taken.entity === "binding" ? new BindingTakenError(taken.tier) : new NameTakenError(taken.entity, taken.name);
}

/** Translates a driver error into the errors the service understands, never exposing driver text. */
export function mapDatabaseError(error: unknown, operation: string, taken?: TakenUnique): Error {
  if (error instanceof NameTakenError || error instanceof BindingTakenError || error instanceof StorageError)
    return error;
  if (taken !== undefined && violates(error, taken.entity)) return takenError(taken);
  return new StorageError(operation, { cause: error });
}

/** Runs one store operation so that whatever it throws is mapped. */
export async function guarded<T>(operation: string, body: () => Promise<T>, taken?: TakenUnique): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw mapDatabaseError(error, operation, taken);
  }
}
