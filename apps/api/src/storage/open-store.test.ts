import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";
import { StorageError } from "./storage-error.js";

describe("openStore failures", () => {
  it("reports an unreachable PostgreSQL without echoing the URL", async () => {
    const error = await openStore({ kind: "postgres", url: "postgres://acp:hunter2@127.0.0.1:1/acp" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/^storage operation "open postgres database" failed/);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("reports a SQLite file that cannot be created", async () => {
    const dir = await mkdtemp(join(tmpdir(), "acp-open-"));
    try {
      const error = await openStore({ kind: "sqlite", file: join(dir, "missing", "acp.db") }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/^storage operation "open sqlite database" failed \(ENOENT\)$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
