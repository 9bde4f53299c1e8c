import type { SqliteDatabase, SqliteStatement } from "kysely";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "./sqlite-statement-cache.js";

function countingDatabase() {
  const prepared: string[] = [];
  let closed = false;
  const database: SqliteDatabase = {
    close: () => {
      closed = true;
    },
    prepare: (sql) => {
      prepared.push(sql);
      return { reader: true, sql } as unknown as SqliteStatement;
    },
  };
  return { database, prepared, isClosed: () => closed };
}

describe("withStatementCache", () => {
  it("prepares each SQL text once and returns the same statement", () => {
    const { database, prepared } = countingDatabase();
    const cached = withStatementCache(database);
    const first = cached.prepare("select 1");
    expect(cached.prepare("select 1")).toBe(first);
    cached.prepare("select 2");
    expect(prepared).toEqual(["select 1", "select 2"]);
  });

  it("evicts the oldest statement beyond its capacity", () => {
    const { database, prepared } = countingDatabase();
    const cached = withStatementCache(database, 2);
    cached.prepare("a");
    cached.prepare("b");
    cached.prepare("c");
    cached.prepare("b");
    cached.prepare("a");
    expect(prepared).toEqual(["a", "b", "c", "a"]);
  });

  it("closes the database", () => {
    const { database, isClosed } = countingDatabase();
    withStatementCache(database).close();
    expect(isClosed()).toBe(true);
  });
});
