import type { Kysely } from "kysely";
import type { Database } from "./database-schema.js";
import { guarded } from "./map-database-error.js";
import type { ServingKeyring, ServingKeyringStore } from "./store.js";

export class KyselyServingKeyringStore implements ServingKeyringStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
  ) {}

  announce(input: Omit<ServingKeyring, "heartbeatTime" | "startTime">): Promise<void> {
    return guarded("servingKeyrings.announce", async () => {
      const now = this.nowMillis();
      const keyIds = JSON.stringify([...input.keyIds].sort());
      await this.db
        .insertInto("serving_keyrings")
        .values({
          instance_id: input.instanceId,
          host: input.host,
          key_ids: keyIds,
          active_key_id: input.activeKeyId,
          start_time: now,
          heartbeat_time: now,
        })
        .onConflict((oc) =>
          oc.column("instance_id").doUpdateSet({
            key_ids: keyIds,
            active_key_id: input.activeKeyId,
            heartbeat_time: now,
          }),
        )
        .execute();
    });
  }

  withdraw(instanceId: string): Promise<void> {
    return guarded("servingKeyrings.withdraw", async () => {
      await this.db.deleteFrom("serving_keyrings").where("instance_id", "=", instanceId).execute();
    });
  }

  listSince(heartbeatAfter: Date): Promise<ServingKeyring[]> {
    return guarded("servingKeyrings.listSince", async () => {
      const rows = await this.db
        .selectFrom("serving_keyrings")
        .selectAll()
        .where("heartbeat_time", ">", heartbeatAfter.getTime())
        .orderBy("instance_id")
        .execute();
      return rows.map((row) => ({
        instanceId: row.instance_id,
        host: row.host,
        keyIds: JSON.parse(row.key_ids) as string[],
        activeKeyId: row.active_key_id,
        startTime: new Date(row.start_time),
        heartbeatTime: new Date(row.heartbeat_time),
      }));
    });
  }
}
