import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqliteHotConnection } from "./sqlite-hot-connection.js";

const busy = () => new BetterSqlite3.SqliteError("database is locked", "SQLITE_BUSY");

describe("SqliteHotConnection.untilUnlocked", () => {
  const hot = new SqliteHotConnection(":memory:", 5_000);

  it("answers at once when the attempt succeeds, and tries again while it finds the database locked, the loop serving others", async () => {
    expect(await hot.untilUnlocked(() => "at once")).toBe("at once");
    let tries = 0;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    try {
      const answer = await hot.untilUnlocked(() => {
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
      .untilUnlocked(() => {
        tries += 1;
        throw busy();
      }, 20)
      .catch((error: unknown) => error);
    expect((refused as { code?: string }).code).toBe("SQLITE_BUSY");
    expect(tries).toBeGreaterThan(1);

    let others = 0;
    const other = await hot
      .untilUnlocked(() => {
        others += 1;
        throw new BetterSqlite3.SqliteError("disk I/O error", "SQLITE_IOERR");
      })
      .catch((error: unknown) => error);
    expect((other as { code?: string }).code).toBe("SQLITE_IOERR");
    expect(others).toBe(1);
  });
});
