import { describe, expect, it } from "vitest";
import { testPostgresUrl } from "../testing/test-databases.js";
import type { Change } from "./change-notifier.js";
import { newCredentialId } from "./ids.js";
import { LocalChangeNotifier } from "./local-change-notifier.js";
import { openChangeNotifier } from "./open-change-notifier.js";
import { PostgresChangeNotifier } from "./postgres-change-notifier.js";
import { StorageError } from "./storage-error.js";

describe("openChangeNotifier", () => {
  it("keeps SQLite's changes in the process", async () => {
    const notifier = await openChangeNotifier({ kind: "sqlite", file: "/nonexistent/acp.db" });
    expect(notifier).toBeInstanceOf(LocalChangeNotifier);
    const heard: Change[] = [];
    notifier.subscribe((change) => heard.push(change));
    const change: Change = { kind: "credential", credentialId: newCredentialId() };
    await notifier.publish(change);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(heard).toEqual([change]);
    await notifier.close();
  });

  it("sends PostgreSQL's through the database", async () => {
    const notifier = await openChangeNotifier({ kind: "postgres", url: testPostgresUrl, schema: "acp_open_test" });
    try {
      expect(notifier).toBeInstanceOf(PostgresChangeNotifier);
      expect((notifier as PostgresChangeNotifier).channel).toBe("acp_changes_acp_open_test");
    } finally {
      await notifier.close();
    }
  });

  it("reports an unreachable PostgreSQL without echoing the URL", async () => {
    const error = await openChangeNotifier({ kind: "postgres", url: "postgres://acp:hunter2@127.0.0.1:1/acp" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/^storage operation "open change notifier" failed \(ECONNREFUSED\)$/);
    expect((error as Error).message).not.toContain("hunter2");
  });
});
