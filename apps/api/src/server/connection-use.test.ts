import { describe, expect, it } from "vitest";
import { busy, type ConnectionUse, connectionToEvict, type TrackedConnection, unused } from "./connection-use.js";

const tracked = (use: ConnectionUse): TrackedConnection => ({ use: () => use, evict() {} });
const pick = (entries: [string, ConnectionUse][]) =>
  connectionToEvict(entries.map(([name, use]) => [name, tracked(use)] as const));

describe("connectionToEvict", () => {
  it("takes the oldest unused connection before any served one, however long that has been idle", () => {
    expect(
      pick([
        ["served", { kind: "idle", since: 1 }],
        ["busy", busy],
        ["silent-old", unused],
        ["silent-new", unused],
      ]),
    ).toBe("silent-old");
  });

  it("takes the served connection idle longest when none is unused", () => {
    expect(
      pick([
        ["recent", { kind: "idle", since: 50 }],
        ["longest", { kind: "idle", since: 10 }],
        ["busy", busy],
      ]),
    ).toBe("longest");
  });

  it("takes none when every connection is busy", () => {
    expect(pick([["a", busy]])).toBeUndefined();
  });
});
