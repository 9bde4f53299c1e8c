import type { Kysely } from "kysely";
import type { Database } from "./database-schema.js";
import type { UserId } from "./ids.js";

/** The ids of the projects a user is a member of, as a subquery for `in`. */
export function memberProjectIds(db: Kysely<Database>, userId: UserId) {
  return db.selectFrom("project_members").select("project_id").where("user_id", "=", userId);
}
