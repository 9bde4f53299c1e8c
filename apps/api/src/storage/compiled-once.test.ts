import { describe, expect, it } from "vitest";
import { testBackends } from "../testing/test-databases.js";
import { useTestStore } from "../testing/test-store.js";
import { compileOnce } from "./compiled-once.js";
import { openBackend } from "./open-store.js";
import { kyselyStatements } from "./prepared-statements.js";

describe.each(testBackends)("compileOnce on $name", (backend) => {
  const ctx = useTestStore(backend);

  it.each([
    ["the driver's prepared statements", "driver"],
    ["kysely's driver", "kysely"],
  ] as const)(
    "runs the one compiled query with each call's values, keeping the query's own constants, through %s",
    async (_, through) => {
      const alice = await ctx().store.users.create({ name: "alice", admin: false });
      const bob = await ctx().store.users.create({ name: "bob", admin: true });
      const backendDb = await openBackend(ctx().database.config);
      const { db } = backendDb;
      const statements = through === "driver" ? backendDb.statements : kyselyStatements(db);
      try {
        const compiled: string[] = [];
        const byName = compileOnce<{ name: string; alsoName: string }, { id: string }>(
          statements,
          ["name", "alsoName"],
          ({ name, alsoName }) => {
            const query = db
              .selectFrom("users")
              .select("id")
              .where("name", "=", name)
              .where("name", "=", alsoName)
              .where("admin", "in", [0, 1]);
            compiled.push(query.compile().sql);
            return query;
          },
        );
        expect(await byName({ name: "alice", alsoName: "alice" })).toEqual([{ id: alice.id }]);
        expect(await byName({ name: "bob", alsoName: "bob" })).toEqual([{ id: bob.id }]);
        expect(await byName({ name: "alice", alsoName: "bob" })).toEqual([]);
        expect(compiled).toHaveLength(1);
      } finally {
        await backendDb.statements.close();
        await db.destroy();
      }
    },
  );

  it("refuses a parameter the query does not use", async () => {
    const { db } = await openBackend(ctx().database.config);
    try {
      expect(() =>
        compileOnce<{ name: string; unused: string }, unknown>(kyselyStatements(db), ["name", "unused"], ({ name }) =>
          db.selectFrom("users").select("id").where("name", "=", name),
        ),
      ).toThrow(/does not use parameter unused/);
    } finally {
      await db.destroy();
    }
  });
});
