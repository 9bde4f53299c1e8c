import type { Kysely } from "kysely";
import { booleanToColumn } from "./column-codecs.js";
import type { Database } from "./database-schema.js";
import { newUserId, type UserId } from "./ids.js";
import { guarded } from "./map-database-error.js";
import type { UserRecord } from "./records.js";
import { toUserRecord } from "./row-mapping.js";
import type { UserStore } from "./store.js";

export class KyselyUserStore implements UserStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
  ) {}

  create(input: { name: string; admin: boolean }): Promise<UserRecord> {
    return guarded(
      "users.create",
      async () => {
        const row = await this.db
          .insertInto("users")
          .values({
            id: newUserId(),
            name: input.name,
            admin: booleanToColumn(input.admin),
            create_time: this.nowMillis(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUserRecord(row);
      },
      { entity: "user", name: input.name },
    );
  }

  get(id: UserId): Promise<UserRecord | undefined> {
    return guarded("users.get", async () => {
      const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toUserRecord(row);
    });
  }

  getByName(name: string): Promise<UserRecord | undefined> {
    return guarded("users.getByName", async () => {
      const row = await this.db.selectFrom("users").selectAll().where("name", "=", name).executeTakeFirst();
      return row && toUserRecord(row);
    });
  }

  list(): Promise<UserRecord[]> {
    return guarded("users.list", async () => {
      const rows = await this.db.selectFrom("users").selectAll().orderBy("create_time").orderBy("id").execute();
      return rows.map(toUserRecord);
    });
  }

  count(): Promise<number> {
    return guarded("users.count", async () => {
      const { n } = await this.db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      return Number(n);
    });
  }
}
