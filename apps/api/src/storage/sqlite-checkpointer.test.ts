import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteCheckpointer } from "./sqlite-checkpointer.js";

describe("SqliteCheckpointer", () => {
  let dir: string;
  let file: string;
  let writer: BetterSqlite3.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "acp-checkpointer-"));
    file = join(dir, "acp.db");
    writer = new BetterSqlite3(file);
    writer.pragma("journal_mode = WAL");
    writer.pragma("wal_autocheckpoint = 0");
    writer.exec("create table t (v text)");
  });
  afterEach(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const commits = (n: number) => {
    const insert = writer.prepare("insert into t values (?)");
    for (let i = 0; i < n; i++) insert.run("x".repeat(2_000));
  };

  it("copies the log's frames into the database file on its thread, and ends with close", async () => {
    const stops: Error[] = [];
    const checkpointer = new SqliteCheckpointer({ file, intervalMillis: 60_000, onStopped: (e) => stops.push(e) });
    try {
      commits(20);
      const done = await checkpointer.checkpointNow();
      expect(done.busy).toBe(false);
      expect(done.walFrames).toBeGreaterThanOrEqual(20);
      expect(done.checkpointed).toBe(done.walFrames);
      // The writer's next commit starts the log over: the checkpoint was whole.
      commits(1);
      expect((await checkpointer.checkpointNow()).walFrames).toBeLessThan(done.walFrames);
    } finally {
      await checkpointer.close();
    }
    await checkpointer.close();
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/stopped/);
    expect(stops).toEqual([]);
  });

  it("checkpoints by itself every interval", async () => {
    const checkpointer = new SqliteCheckpointer({ file, intervalMillis: 10, onStopped: () => {} });
    try {
      const before = statSync(file).size;
      commits(20);
      // Only a checkpoint writes the database file itself; waited for, never timed.
      while (statSync(file).size < before + 20 * 2_000) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      await checkpointer.close();
    }
  });

  it("says when its thread stops other than by close", async () => {
    const stopped = new Promise<Error>((resolve) => {
      // A directory is no database: the thread fails as it starts.
      new SqliteCheckpointer({ file: dir, onStopped: resolve });
    });
    const error = await stopped;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^the checkpoint thread failed: (SQLITE_CANTOPEN|unable to open)/);
  });
});
