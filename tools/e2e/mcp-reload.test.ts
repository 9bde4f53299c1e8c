import { mkdtemp, open, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  callTool,
  type FakeCluster,
  kubeconfigYaml,
  type McpSession,
  mcpServerBinary,
  mcpServerNpmBin,
  processesWithArg,
  type RecordedRequest,
  registryMcpArgs,
  replaceFileAtomically,
  startFakeCluster,
  startMcpServer,
  waitFor,
  writeKubeconfig,
} from "./index.js";

// Evidence of how kubernetes-mcp-server 0.0.66 (the Go binary, with the
// registry's args) follows changes to its --kubeconfig file. What was observed
// on this machine (Linux, fsnotify on the file):
// - It watches the file with a 100 ms debounce. After a reload it runs discovery
//   (GET /api, /apis, /api/v1) with the new token on its own, 100-150 ms after
//   the change, sends notifications/tools/list_changed about then, and watches
//   the file again, so a second rotation works too.
// - A temp-file-and-rename and an in-place rewrite of the same inode both reload.
// - The watch follows the inode, and only a successful reload moves it to the
//   file now at the path. A reload that fails (file deleted, unparseable, no
//   usable context, empty) is logged and the watch stays where it was: after a
//   delete or a bad rename, later valid renames are ignored; after an in-place
//   write, the next write to the same inode still reloads and repairs it.
// - The old credentials are NOT kept after a failed reload: it leaves the cluster
//   manager nil, and a tool call before the next successful reload panics (nil
//   pointer dereference in Manager.Derived) and kills the process. So it is not a
//   freeze but a crash deferred to the next call.
// - SIGHUP kills the Go binary (no handler); through the npm wrapper, the wrapper
//   forwards it and exits too.
// Waits on a thing that leaves no trace (a failed reload) sleep `settleMs`, ten
// times the debounce; everything observable is polled with a deadline.

const t1 = "sha256~reload-test-token-one";
const t2 = "sha256~reload-test-token-two";
const t3 = "sha256~reload-test-token-three";
const settleMs = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rig {
  readonly cluster: FakeCluster;
  readonly kubeconfig: string;
  readonly server: McpSession;
  yaml(token: string): string;
  /** Requests from the MCP server (not from the test) since the cursor. */
  fromServer(cursor: number): RecordedRequest[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(command = mcpServerBinary()): Promise<Rig> {
  const cluster = await startFakeCluster({ token: t1 });
  cleanups.push(() => cluster.stop());
  const dir = await mkdtemp(join(tmpdir(), "mcp-reload-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const yaml = (token: string) =>
    kubeconfigYaml({ server: cluster.url, caPem: cluster.caPem, token, namespace: "team-a" });
  const kubeconfig = await writeKubeconfig(join(dir, "kubeconfig"), {
    server: cluster.url,
    caPem: cluster.caPem,
    token: t1,
    namespace: "team-a",
  });
  const server = await startMcpServer({ command, args: registryMcpArgs(kubeconfig), cwd: dir });
  cleanups.push(() => server.close());
  expect((await callTool(server, "namespaces_list")).isError).toBe(false);
  return {
    cluster,
    kubeconfig,
    server,
    yaml,
    fromServer: (cursor) => cluster.requests(cursor).filter((r) => r.userAgent.startsWith("kubernetes-mcp-server")),
  };
}

function usedToken(requests: RecordedRequest[], label: string): RecordedRequest | undefined {
  return requests.find((r) => r.authorized && r.token.kind === "known" && r.token.label === label);
}

/** The server is alive now, then the next tool call takes the process down with a nil-pointer panic. */
/** Truncates and rewrites the file through one descriptor (same inode), pausing `pauseMs` in between. */
async function rewriteInPlace(path: string, contents: string, pauseMs: number): Promise<void> {
  const file = await open(path, "r+");
  try {
    await file.truncate(0);
    if (pauseMs > 0) await sleep(pauseMs);
    await file.write(contents, 0);
  } finally {
    await file.close();
  }
}

async function expectCrashOnNextCall(rig: Rig): Promise<void> {
  expect(rig.server.closed()).toBe(false);
  const outcome = await callTool(rig.server, "namespaces_list").then(
    (r) => `answered (isError=${r.isError})`,
    (error: unknown) => `rejected: ${String(error)}`,
  );
  expect(outcome).toMatch(/rejected: .*Connection closed/);
  await waitFor("the transport to see the process exit", () => (rig.server.closed() ? true : undefined));
  expect(rig.server.stderr()).toContain("panic: runtime error: invalid memory address or nil pointer dereference");
  expect(await processesWithArg(rig.kubeconfig)).toEqual([]);
}

/**
 * After a failed reload: the process is still up, a valid T2 file renamed in
 * brings no request and no list_changed, and the next tool call crashes it.
 */
async function expectDeafThenCrash(r: Rig): Promise<void> {
  await sleep(settleMs);
  expect(r.server.closed()).toBe(false);
  r.cluster.setToken(t2);
  const renamed = r.cluster.cursor();
  await replaceFileAtomically(r.kubeconfig, r.yaml(t2));
  await sleep(settleMs);
  expect(r.fromServer(renamed)).toEqual([]);
  expect(r.server.listChangedAt()).toEqual([]);
  await expectCrashOnNextCall(r);
}

describe("kubernetes-mcp-server 0.0.66 and changes to its kubeconfig", () => {
  it("(a) picks up a temp-file-and-rename within a few seconds, says tools/list_changed, and follows a second rotation", async () => {
    const r = await rig();
    r.cluster.setToken(t2);
    const renamed = r.cluster.cursor();
    const renamedAt = Date.now();
    await replaceFileAtomically(r.kubeconfig, r.yaml(t2));
    const first = await waitFor("a request from the server with T2", () => usedToken(r.fromServer(renamed), "T2"), {
      timeoutMs: 5_000,
    });
    const changed = await waitFor("notifications/tools/list_changed", () => r.server.listChangedAt()[0], {
      timeoutMs: 5_000,
    });
    // Unprompted: the reload itself runs discovery with the new token.
    expect(first.path).toBe("/api");
    const answer = await callTool(r.server, "namespaces_list");
    expect(answer.isError).toBe(false);
    expect(
      r
        .fromServer(renamed)
        .filter((q) => q.path === "/api/v1/namespaces")
        .map((q) => q.token),
    ).toEqual([{ kind: "known", label: "T2" }]);
    expect(r.fromServer(renamed).some((q) => !q.authorized)).toBe(false);

    r.cluster.setToken(t3);
    const again = r.cluster.cursor();
    await replaceFileAtomically(r.kubeconfig, r.yaml(t3));
    await waitFor("a request from the server with T3", () => usedToken(r.fromServer(again), "T3"), {
      timeoutMs: 5_000,
    });
    await waitFor("a second notifications/tools/list_changed", () => r.server.listChangedAt()[1], { timeoutMs: 5_000 });
    expect((await callTool(r.server, "namespaces_list")).isError).toBe(false);
    expect(r.server.closed()).toBe(false);
    console.info(`(a) rename -> first T2 request ${first.at - renamedAt} ms, list_changed ${changed - renamedAt} ms`);
  });

  it("(b) after the file is deleted, ignores a valid file renamed in, and crashes at the next tool call", async () => {
    const r = await rig();
    await unlink(r.kubeconfig);
    await expectDeafThenCrash(r);
  });

  it.each([
    ["unparseable YAML", "apiVersion: v1\nkind: Config\nclusters: [ not : yaml\n"],
    ["a kubeconfig with no context", "apiVersion: v1\nkind: Config\n"],
  ])("(c) after %s is renamed in, ignores a later valid rename, and crashes at the next tool call", async (_, bad) => {
    const r = await rig();
    await replaceFileAtomically(r.kubeconfig, bad);
    await expectDeafThenCrash(r);
  });

  it("(d) dies on SIGHUP, both as the Go binary and through the npm wrapper", async () => {
    for (const command of [mcpServerBinary(), mcpServerNpmBin()]) {
      const r = await rig(command);
      process.kill(r.server.pid, "SIGHUP");
      await waitFor(`${command} to exit after SIGHUP`, () => (r.server.closed() ? true : undefined), {
        timeoutMs: 5_000,
      });
      await waitFor("no process left", async () =>
        (await processesWithArg(r.kubeconfig)).length === 0 ? true : undefined,
      );
    }
  });

  it("(e) reloads after an in-place rewrite of the same inode, even one slower than the debounce", async () => {
    const r = await rig();
    const inode = (await stat(r.kubeconfig)).ino;
    r.cluster.setToken(t2);
    const rewritten = r.cluster.cursor();
    const rewrittenAt = Date.now();
    await rewriteInPlace(r.kubeconfig, r.yaml(t2), 0);
    expect((await stat(r.kubeconfig)).ino).toBe(inode);
    const first = await waitFor("a request from the server with T2", () => usedToken(r.fromServer(rewritten), "T2"), {
      timeoutMs: 5_000,
    });
    expect((await callTool(r.server, "namespaces_list")).isError).toBe(false);
    console.info(`(e) in-place rewrite -> first T2 request ${first.at - rewrittenAt} ms`);

    // The reload in the pause reads an empty file and fails, but the watch is on
    // the same inode still, so the write that follows reloads and repairs it.
    r.cluster.setToken(t3);
    const slow = r.cluster.cursor();
    await rewriteInPlace(r.kubeconfig, r.yaml(t3), 400);
    await waitFor("a request from the server with T3", () => usedToken(r.fromServer(slow), "T3"), { timeoutMs: 5_000 });
    expect((await callTool(r.server, "namespaces_list")).isError).toBe(false);
  });

  it("(e) crashes at a tool call that lands while an in-place rewrite has left the file empty", async () => {
    const r = await rig();
    const file = await open(r.kubeconfig, "r+");
    try {
      await file.truncate(0);
      await sleep(settleMs);
      await expectCrashOnNextCall(r);
    } finally {
      await file.close();
    }
  });
});
