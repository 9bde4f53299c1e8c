// Acceptance: `serve --workers 2` serves one port from two processes, and a
// change made through either reaches change streams held by both, on both
// backends. A killed worker is replaced; SIGTERM drains them all.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BindingService,
  CredentialService,
  ProjectService,
  ProviderType,
  SessionService,
  UserService,
} from "@acp/proto";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { tokenKubeconfig } from "../testing/access-fixtures.js";
import { eventually } from "../testing/serve-in-process.js";
import { type RunningApi, serveApi } from "../testing/spawn-api.js";
import { streamReader } from "../testing/stream-reader.js";
import { type TestDatabase, testBackends } from "../testing/test-databases.js";
import { refusedWithinOneSecond } from "../testing/unauthenticated-within.js";

const auth = (bearer: string) => ({ headers: { Authorization: `Bearer ${bearer}` } });

/** The pids of the workers that said "worker listening", in order. */
function listeningWorkers(api: RunningApi): number[] {
  return [...api.stderr().matchAll(/"msg":"worker listening".*"pid":(\d+)/g)].map((m) => Number(m[1]));
}

/** How many established connections to `port` the process holds, read from /proc. */
function connectionsHeldBy(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return ""; // closed while we looked
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === "01" && inodes.has(f[9]!)).length;
}

/** What ended the stream, after any messages still on their way. */
async function readToEnd(stream: ReturnType<typeof streamReader>, i: number): Promise<ConnectError | undefined> {
  try {
    while (!("done" in (await stream.next(`the end of stream ${i}`))));
    return undefined;
  } catch (error) {
    return ConnectError.from(error);
  }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.each(testBackends)("serve --workers 2 on $name", (backend) => {
  let dir: string;
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-workers-"));
    database = await backend.create("database");
    const url = database.config.kind === "postgres" ? database.config.url : "";
    const tokenFile = join(dir, "admin.token");
    const args = ["--dev", "--workers", "2", "--data-dir", join(dir, "data"), "--bootstrap-token-file", tokenFile];
    api = await serveApi(args, { ...process.env, ACP_DATABASE_URL: url, ACP_KEYRING_FILE: "" });
    token = (await readFile(tokenFile, "utf8")).trim();
  });

  afterAll(async () => {
    if (api.child.exitCode === null) api.child.kill("SIGKILL");
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  // Each transport is its own HTTP/2 connection, so the primary hands each to the next worker.
  const client = <S extends DescService>(service: S) =>
    createClient(service, createConnectTransport({ baseUrl: api.url, httpVersion: "2" }));

  it("says listening once, with the port both workers serve", async () => {
    // The primary says it as the last worker listens, which may be before that worker's own line is out.
    const workers = await eventually("both workers' lines", () => {
      const pids = listeningWorkers(api);
      return pids.length === 2 ? pids : undefined;
    });
    expect(new Set(workers).size).toBe(2);
    expect(api.stderr().match(/"msg":"listening"/g)).toHaveLength(1);
    for (const match of api.stderr().matchAll(/"msg":"worker listening","url":"([^"]+)"/g))
      expect(match[1]).toBe(api.url);
  });

  it("refuses a token revoked through one worker on every worker within a second, though each has it cached", async () => {
    const { token: revoked, apiToken } = await client(UserService).createApiToken({ description: "ci" }, auth(token));
    // Four connections in a row: the primary hands them out in turn, two to each worker.
    const callers = [1, 2, 3, 4].map(() => client(UserService));
    for (const caller of callers) {
      for (let i = 0; i < 2; i++) expect((await caller.getCurrentUser({}, auth(revoked))).user?.admin).toBe(true);
    }
    const port = Number(new URL(api.url).port);
    for (const pid of listeningWorkers(api).slice(-2))
      expect(connectionsHeldBy(pid, port), `worker ${pid} holds callers`).toBeGreaterThan(0);

    await client(UserService).revokeApiToken({ id: apiToken!.id }, auth(token));
    // One deadline for all: every worker must refuse within a second of the revoke.
    const deadline = Date.now() + 1_000;
    for (const caller of callers)
      await refusedWithinOneSecond(() => caller.getCurrentUser({}, auth(revoked)), deadline);
  });

  it("delivers an update to streams on every worker, replaces a killed worker, and drains them all on SIGTERM", async () => {
    onTestFailed(() => console.log(`acp-api's log:\n${api.stderr()}`));
    const port = Number(new URL(api.url).port);
    const { project } = await client(ProjectService).createProject({ name: "fleet" }, auth(token));
    const { credential } = await client(CredentialService).createCredential(
      { name: "cluster", provider: ProviderType.KUBECONFIG, secret: tokenKubeconfig("sha256~first") },
      auth(token),
    );
    await client(BindingService).createBinding(
      { credentialId: credential!.id, target: { case: "projectId", value: project!.id } },
      auth(token),
    );
    const { runnerToken } = await client(SessionService).createSession({ projectId: project!.id }, auth(token));
    const controller = new AbortController();
    const openStreams = async (count: number) => {
      const streams = [];
      for (let i = 0; i < count; i++) {
        const call = client(SessionService).watchSessionCredentials(
          {},
          { ...auth(runnerToken), signal: controller.signal },
        );
        const stream = streamReader(call);
        await stream.message(`stream ${i}'s initial set`);
        streams.push(stream);
      }
      return streams;
    };
    const rotate = (secret: string) =>
      client(CredentialService).updateCredential(
        { id: credential!.id, updateMask: { paths: ["secret"] }, secret: tokenKubeconfig(secret) },
        auth(token),
      );
    const everyStreamSees = async (streams: Awaited<ReturnType<typeof openStreams>>, secret: string) => {
      for (const [i, stream] of streams.entries()) {
        const { credentials } = await stream.message(`the ${secret} update on stream ${i}`);
        expect(credentials[0]?.secret).toContain(secret);
      }
    };

    try {
      const streams = await openStreams(6);
      const [first, second] = listeningWorkers(api) as [number, number];
      expect(connectionsHeldBy(first, port), "the first worker holds streams").toBeGreaterThan(0);
      expect(connectionsHeldBy(second, port), "the second worker holds streams").toBeGreaterThan(0);
      // Unary calls take turns too, so over a few rotations both workers publish.
      for (const secret of ["sha256~second", "sha256~third"]) {
        await rotate(secret);
        await everyStreamSees(streams, secret);
      }

      process.kill(second, "SIGKILL");
      const replacement = await eventually("a replacement worker listening", () =>
        listeningWorkers(api).find((pid) => pid !== first && pid !== second),
      );
      expect(api.stderr()).toMatch(/"msg":"worker exited; restarting it".*"signal":"SIGKILL"/);
      // The killed worker's streams died with it; new ones land on the survivor and the replacement.
      const survivors = await openStreams(4);
      expect(connectionsHeldBy(replacement, port), "the replacement holds streams").toBeGreaterThan(0);
      await rotate("sha256~fourth");
      await everyStreamSees(survivors, "sha256~fourth");

      // With streams still open: every worker ends them and exits, then the primary exits 0.
      // Every stream is read to its end: a client that leaves one unread holds the drain open (in a
      // single process too), which is the transport's to bound, not the cluster's.
      const stopped = api.stop();
      const ends = (list: typeof streams) => Promise.all(list.map(readToEnd));
      const [survivorEnds] = await Promise.all([ends(survivors), ends(streams)]);
      expect(survivorEnds.map((end) => end?.code)).toEqual(survivors.map(() => Code.Unavailable));
      expect(await stopped).toBe(0);
      expect(isRunning(first)).toBe(false);
      expect(isRunning(replacement)).toBe(false);
      expect(api.stderr()).not.toMatch(/did not drain cleanly/);
      for (const secret of [token, runnerToken, "sha256~"]) expect(api.stderr()).not.toContain(secret);
    } finally {
      controller.abort();
    }
  });
});

describe("serve --workers 2 whose workers keep dying", () => {
  it("replaces them 2×N times in a minute, then stops with exit 1 instead of looping", async () => {
    const dir = await mkdtemp(join(tmpdir(), "acp-workers-crash-"));
    try {
      const args = ["--dev", "--workers", "2", "--data-dir", join(dir, "data")];
      const api = await serveApi(args, { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" });
      onTestFailed(() => console.log(`acp-api's log:\n${api.stderr()}`));
      const exited = new Promise<number | null>((resolve) => api.child.once("exit", resolve));
      const killed = new Set<number>();
      for (let death = 1; death <= 5; death++) {
        const victim = await eventually(`a worker to kill (death ${death})`, () =>
          listeningWorkers(api).find((pid) => !killed.has(pid)),
        );
        killed.add(victim);
        process.kill(victim, "SIGKILL");
        if (death < 5)
          await eventually(
            "its replacement",
            () => (api.stderr().match(/worker started/g)?.length ?? 0) >= 2 + death || undefined,
          );
      }
      expect(await exited).toBe(1);
      expect(api.stderr()).toMatch(/"msg":"worker exited; too many restarts, stopping"/);
      for (const pid of listeningWorkers(api)) expect(isRunning(pid), `worker ${pid}`).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
