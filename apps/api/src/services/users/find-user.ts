import { parseId, type UserRecord, type UserStore } from "../../storage/index.js";
import { invalidArgument, notFound } from "../request-errors.js";

/** A user named the way people type it: by id (`usr_…`) or by name. */
export async function findUser(users: UserStore, ref: string, field = "user"): Promise<UserRecord> {
  if (ref === "") throw invalidArgument([{ field, description: "must name a user by id or name" }]);
  const id = parseId("user", ref);
  const user = id === undefined ? await users.getByName(ref) : await users.get(id);
  if (!user) throw notFound("user", ref);
  return user;
}
