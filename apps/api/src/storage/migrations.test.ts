import { randomBytes } from "node:crypto";
import { BindingTier } from "@acp/proto";
import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { credentialInput } from "../testing/credential-test-fixtures.js";
import { testBackends, testPostgresUrl, withPostgresClient } from "../testing/test-databases.js";
import { KyselyCredentialStore } from "./kysely-credential-store.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { allMigrations } from "./migrations.js";
import { openBackend, openStore } from "./open-store.js";
import { kyselyStatements } from "./prepared-statements.js";

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

  it("upgrade a database that only 0001 made, keeping its rows usable by the new tables", async () => {
    const database = await backend.create();
    try {
      const backendDb = await openBackend(database.config);
      const { "0001_initial": initial } = allMigrations(backendDb.columnTypes);
      const migrator = new Migrator({
        db: backendDb.db,
        provider: { getMigrations: async () => ({ "0001_initial": initial! }) },
        ...(backendDb.migrationTableSchema === undefined
          ? {}
          : { migrationTableSchema: backendDb.migrationTableSchema }),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      // Rows written under 0001 alone, by the stores that existed then.
      const alice = await new KyselyUserStore(backendDb.db, Date.now).create({ name: "alice", admin: false });
      const credential = await new KyselyCredentialStore(
        backendDb.db,
        Date.now,
        backendDb.rowLocks,
        kyselyStatements(backendDb.db),
      ).insert(credentialInput(alice.id));
      await backendDb.db.destroy();

      const after = await openStore(database.config);
      expect(await after.credentials.get(credential.id)).toEqual(credential);
      const binding = await after.bindings.insert({
        credentialId: credential.id,
        provider: credential.provider,
        target: { tier: BindingTier.GLOBAL },
        creatorId: alice.id,
      });
      expect(await after.bindings.get(binding.id)).toEqual(binding);
      await after.close();
    } finally {
      await database.dispose();
    }
  });
});

describe("postgres schemas", () => {
  const allTables = [
    "api_tokens",
    "audit_events",
    "bindings",
    "credentials",
    "kysely_migration",
    "kysely_migration_lock",
    "project_members",
    "projects",
    "serving_keyrings",
    "sessions",
    "users",
  ];
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
