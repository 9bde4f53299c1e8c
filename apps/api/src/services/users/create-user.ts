import { NameTakenError, type Store, type UserRecord } from "../../storage/index.js";
import { issueApiToken } from "../auth/api-tokens.js";
import { alreadyExists, throwIfViolations } from "../request-errors.js";
import { validateName } from "../validate-name.js";

export interface CreatedUser {
  readonly user: UserRecord;
  /** The new user's first API token, shown once. */
  readonly token: string;
}

/**
 * A user is useless without a token, so they are made together: by the
 * CreateUser RPC, by `acp-api users create`, and for the first admin at start-up.
 */
export async function createUserWithToken(
  store: Pick<Store, "users" | "tokens">,
  input: { readonly name: string; readonly admin: boolean; readonly tokenDescription: string },
): Promise<CreatedUser> {
  throwIfViolations(validateName(input.name));
  let user: UserRecord;
  try {
    user = await store.users.create({ name: input.name, admin: input.admin });
  } catch (err) {
    if (err instanceof NameTakenError) throw alreadyExists(`a user named ${JSON.stringify(input.name)} already exists`);
    throw err;
  }
  const issued = await issueApiToken(store.tokens, user.id, input.tokenDescription);
  return { user, token: issued.token };
}
