import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeConfigFromEnv } from "./store-config.js";

describe("storeConfigFromEnv", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-config-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("defaults to SQLite in the data directory, creating it private", async () => {
    const dataDir = join(dir, "data");
    expect(storeConfigFromEnv({ dataDir, env: {} })).toEqual({ kind: "sqlite", file: join(dataDir, "acp.db") });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(storeConfigFromEnv({ dataDir, env: { ACP_DATABASE_URL: "" } }).kind).toBe("sqlite");
  });

  it("selects PostgreSQL from ACP_DATABASE_URL", () => {
    for (const url of ["postgres://u:p@db/acp", "postgresql://db/acp"]) {
      expect(storeConfigFromEnv({ dataDir: join(dir, "unused"), env: { ACP_DATABASE_URL: url } })).toEqual({
        kind: "postgres",
        url,
      });
    }
  });

  it("refuses another scheme without echoing the URL", () => {
    expect(() => storeConfigFromEnv({ dataDir: dir, env: { ACP_DATABASE_URL: "mysql://root:s3cret@db/acp" } })).toThrow(
      /scheme "mysql"/,
    );
    expect(() =>
      storeConfigFromEnv({ dataDir: dir, env: { ACP_DATABASE_URL: "mysql://root:s3cret@db/acp" } }),
    ).not.toThrow(/s3cret/);
  });
});
