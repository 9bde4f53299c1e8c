import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Health } from "@acp/proto";
import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, serveApi } from "../testing/spawn-api.js";

// The log of the built acp-api as a supervisor sees it: through a pipe that
// may stop being read, and up to the last line before a SIGTERM exit.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "acp-serve-log-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const serve = (name: string) =>
  serveApi(["--dev", "--data-dir", join(dir, name)], { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" });

// The fields an rpc line had before logging was buffered.
const rpcFields = new Set([
  "time",
  "level",
  "msg",
  "method",
  "protocol",
  "code",
  "duration_ms",
  "principal",
  "http_status",
]);

function entries(api: RunningApi): Record<string, unknown>[] {
  return api
    .stderr()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const answeredChecks = (api: RunningApi) =>
  entries(api).filter((e) => e["msg"] === "rpc" && String(e["method"]).endsWith("/Check") && e["code"] === "ok");

/** `count` health checks, `width` at a time; resolves with how many were answered SERVING. */
async function checks(health: Client<typeof Health>, count: number, width: number, onAnswer?: (n: number) => void) {
  let next = 0;
  let answered = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      try {
        await health.check({}, { timeoutMs: 15_000 });
        answered++;
        onAnswer?.(answered);
      } catch {
        // Refused once shutdown began: such a call has no "ok" rpc line either.
      }
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return answered;
}

describe("acp-api serve's log", () => {
  it("keeps answering while nobody reads its stderr, then still gets every rpc line out on SIGTERM", async () => {
    const api = await serve("unread");
    const health = createClient(Health, createGrpcTransport({ baseUrl: api.url }));
    api.child.stderr!.pause();
    // About 200 KB of rpc lines: more than twice what the pipe and the reader's buffer hold.
    const calls = 1_000;
    expect(await checks(health, calls, 50)).toBe(calls);
    // The lines really were held up: the reader has seen only a part of them.
    expect(answeredChecks(api).length).toBeLessThan(calls);

    const stopped = api.stop();
    // A reader that comes back late, after the drain has finished.
    await new Promise((resolve) => setTimeout(resolve, 500));
    api.child.stderr!.resume();
    expect(await stopped).toBe(0);
    expect(answeredChecks(api)).toHaveLength(calls);
    const all = entries(api);
    expect(all.at(-1)).toMatchObject({ level: "info", msg: "stopped" });
    for (const entry of all.filter((e) => e["msg"] === "rpc")) {
      expect(Object.keys(entry).filter((key) => !rpcFields.has(key))).toEqual([]);
      expect(new Date(String(entry["time"])).toISOString()).toBe(entry["time"]);
    }
  });

  it("has an rpc line for every call answered, when SIGTERM comes in the middle of a burst", async () => {
    const api = await serve("burst");
    const health = createClient(Health, createGrpcTransport({ baseUrl: api.url }));
    let stopped: Promise<number | null> | undefined;
    const answered = await checks(health, 2_000, 50, (n) => {
      if (n === 300) stopped = api.stop();
    });
    expect(await stopped).toBe(0);
    expect(answered).toBeGreaterThanOrEqual(300);
    expect(answeredChecks(api)).toHaveLength(answered);
  });
});
