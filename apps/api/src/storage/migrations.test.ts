import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";
import { testBackends, testPostgresUrl, withPostgresClient } from "../testing/test-databases.js";

describe.each(testBackends)("migrations on $name", (backend) => {
  it("are idempotent: reopening keeps the data and migrates nothing twice", async () => {
    const database = await backend.create();
    try {
      const first = await openStore(database.config);
      const user = await first.users.create({ name: "alice", admin: true });
      await first.close();

      const second = await openStore(database.config);
      const third = await openStore(database.config);
      expect(await second.users.get(user.id)).toEqual(user);
      expect(await third.users.count()).toBe(1);
      await Promise.all([second.close(), third.close()]);
    } finally {
      await database.dispose();
    }
  });
});

describe("postgres schemas", () => {
  const allTables = ["api_tokens", "credentials", "kysely_migration", "kysely_migration_lock", "users"];
  const tablesIn = (schema: string) =>
    withPostgresClient(async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = $1 order by table_name",
        [schema],
      );
      return rows.map((r) => r.table_name);
    });

  it("creates a missing configured schema and keeps every table, and the migration bookkeeping, inside it", async () => {
    const schema = `acp_test_${randomBytes(8).toString("hex")}`;
    try {
      const store = await openStore({ kind: "postgres", url: testPostgresUrl, schema });
      await store.users.create({ name: "alice", admin: false });
      await store.close();
      expect(await tablesIn(schema)).toEqual(allTables);
    } finally {
      await withPostgresClient((client) => client.query(`drop schema if exists "${schema}" cascade`));
    }
  });

  it("without a configured schema, follows the server's search_path", async () => {
    const [, postgres] = testBackends;
    const database = await postgres!.create();
    try {
      if (database.config.kind !== "postgres") throw new Error("expected the postgres backend second");
      const url = new URL(testPostgresUrl);
      url.searchParams.set("options", `-c search_path=${database.config.schema}`);
      const store = await openStore({ kind: "postgres", url: url.toString() });
      await store.close();
      expect(await tablesIn(database.config.schema!)).toEqual(allTables);
    } finally {
      await database.dispose();
    }
  });
});
