import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqliteHotConnection } from "./sqlite-hot-connection.js";

const busy = () => new BetterSqlite3.SqliteError("database is locked", "SQLITE_BUSY");

describe("SqliteHotConnection.whenBusy", () => {
  const hot = new SqliteHotConnection(":memory:", 5_000);

  it("tries again while the attempt finds the database locked, the event loop serving others meanwhile", async () => {
    let tries = 0;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    try {
      const answer = await hot.whenBusy(() => {
        tries += 1;
        if (tries < 5) throw busy();
        return "read";
      });
      expect(answer).toBe("read");
      expect(tries).toBe(5);
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  });

  it("gives up with the last SQLITE_BUSY at the timeout, and at once on any other error", async () => {
    let tries = 0;
    const refused = await hot
      .whenBusy(() => {
        tries += 1;
        throw busy();
      }, 20)
      .catch((error: unknown) => error);
    expect((refused as { code?: string }).code).toBe("SQLITE_BUSY");
    expect(tries).toBeGreaterThan(1);

    let others = 0;
    const other = await hot
      .whenBusy(() => {
        others += 1;
        throw new BetterSqlite3.SqliteError("disk I/O error", "SQLITE_IOERR");
      })
      .catch((error: unknown) => error);
    expect((other as { code?: string }).code).toBe("SQLITE_IOERR");
    expect(others).toBe(1);
  });
});
