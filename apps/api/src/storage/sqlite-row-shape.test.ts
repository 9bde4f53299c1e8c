import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rowShape } from "./sqlite-row-shape.js";

describe("rowShape", () => {
  let database: BetterSqlite3.Database;

  beforeEach(() => {
    database = new BetterSqlite3(":memory:");
    database.exec("create table t (id text primary key, n integer, b blob, maybe text)");
    const insert = database.prepare("insert into t values (?, ?, ?, ?)");
    insert.run("a", 1, Buffer.from([0, 1, 2]), null);
    insert.run("b", 2 ** 40, Buffer.alloc(0), "x");
  });
  afterEach(() => database.close());

  // Names SQLite gives as written: a clash renamed by `as`, one that is no identifier, a repeated one.
  it.each([
    "select * from t order by id",
    `select id, n as "n ""quoted"" name", b, maybe, id as "b.id", n from t order by id`,
    "select id, id from t order by id",
  ])("gives raw rows the objects better-sqlite3 would have built: %s", (sql) => {
    const objects = database.prepare(sql).all();
    const raw = database.prepare(sql).raw(true);
    const shape = rowShape(raw.columns().map((column) => column.name));
    const shaped = (raw.all() as unknown[][]).map(shape);
    expect(shaped).toEqual(objects);
    expect(shaped.map((row) => Object.keys(row as object))).toEqual(objects.map((row) => Object.keys(row as object)));
  });

  it("refuses a column named __proto__, which a literal would make the prototype", () => {
    expect(() => rowShape(["id", "__proto__"])).toThrow(/__proto__/);
  });
});
