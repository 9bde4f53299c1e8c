import { readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AgentSession, expectMcpLists, fromMcpServer, startAgentSession, usesToken } from "./agent-session.js";
import { type FlagshipWorld, openshiftToken, startFlagshipWorld } from "./flagship-world.js";
import { waitFor } from "./index.js";
import { secretLeaks } from "./secret-leaks.js";

// The two ways a rotation silently stops reaching a running
// kubernetes-mcp-server 0.0.66 (see mcp-reload.test.ts): its kubeconfig is
// deleted or replaced by content that fails to load, after which it ignores
// every later rename and crashes at its next tool call. The runner must keep
// the last good file in place through both, and the next good update must
// still get through. Each test has its own API, cluster and session.

let world: FlagshipWorld | undefined;
afterEach(async () => {
  if (world !== undefined) {
    expect(secretLeaks(world.secrets, { texts: world.secretTexts(), argvs: world.ran })).toEqual([]);
    await world.stop();
  }
  world = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fileState(path: string) {
  const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
  return { text, ino: info.ino, mode: info.mode & 0o777 };
}

/** Rotates to `token` (the cluster switches first) and waits for the running MCP server to use it. */
async function expectRotationReaches(w: FlagshipWorld, session: AgentSession, token: string, timeoutMs: number) {
  const label = w.cluster.setToken(token);
  const since = w.cluster.cursor();
  const started = Date.now();
  await session.upload(token);
  await waitFor(
    `a request with ${label} from the running MCP server`,
    () => w.cluster.requests(since).find((r) => fromMcpServer(r) && usesToken(label)(r)),
    { timeoutMs },
  );
  const latency = Date.now() - started;
  expect((await readFile(session.kubeconfig, "utf8")).includes(token)).toBe(true);
  await expectMcpLists(w, session.runner, label, session.mcpPid);
  return latency;
}

describe("a rotation still reaches the running MCP server", () => {
  it("after the API was down: the runner kept the old kubeconfig in place, the server kept answering", async () => {
    const t1 = openshiftToken();
    const t2 = openshiftToken();
    world = await startFlagshipWorld(t1);
    world.secrets.push(t2);
    const session = await startAgentSession(world, t1);
    const before = await fileState(session.kubeconfig);

    await world.api.pause();
    await session.runner.waitForLog(/"msg":"credential stream broken; reconnecting, files keep their last content"/);
    // A few reconnect attempts later: still the same file, same inode, and the server still on T1.
    await sleep(1_500);
    expect(await fileState(session.kubeconfig)).toEqual(before);
    await expectMcpLists(world, session.runner, "T1", session.mcpPid);

    await world.api.restart();
    // The stream's backoff is capped at 10 s; the snapshot after reconnecting carries the update.
    const latency = await expectRotationReaches(world, session, t2, 20_000);
    console.log(`rotation after an API restart reached the MCP server ${latency} ms after acpctl started`);
    expect(session.runner.stderr()).toMatch(/"msg":"credential stream reconnected"/);
  });

  it("after an update that could not be materialized: nothing was written, the server kept answering", async () => {
    const t1 = openshiftToken();
    const t2 = openshiftToken();
    const t3 = openshiftToken();
    world = await startFlagshipWorld(t1);
    world.secrets.push(t2, t3);
    const session = await startAgentSession(world, t1);
    const before = await fileState(session.kubeconfig);

    // The API validates every kubeconfig, so what fails here is the write: a
    // target of the apply is a symlink now (the agent, or someone with its
    // rights, swapped the workdir's .mcp.json). The runner checks every target
    // before it writes the first file, so the kubeconfig must stay as it was.
    const mcpJson = join(world.workdir, ".mcp.json");
    const elsewhere = join(world.home, "elsewhere.json");
    await writeFile(elsewhere, "{}\n");
    await rm(mcpJson);
    await symlink(elsewhere, mcpJson);
    const listChanged = Number((await expectMcpLists(world, session.runner, "T1", session.mcpPid)).listChanged);
    // T2 is uploaded but the cluster still takes T1, as while an old token is not yet revoked.
    await session.upload(t2);
    const refused = await session.runner.waitForLog(
      /"msg":"update not applied; the files keep their last good content"/,
    );
    expect(refused).toContain(`${mcpJson} is a symbolic link`);
    await sleep(1_000);
    expect(await fileState(session.kubeconfig)).toEqual(before);
    expect(await readFile(elsewhere, "utf8")).toBe("{}\n");
    const answer = await expectMcpLists(world, session.runner, "T1", session.mcpPid);
    // No reload happened: the server's watch is still armed on the file.
    expect(answer.listChanged).toBe(listChanged);

    // Put right, the next update lands and reaches the same server.
    await rm(mcpJson);
    await expectRotationReaches(world, session, t3, 10_000);
    expect(JSON.parse(await readFile(mcpJson, "utf8"))).toHaveProperty("mcpServers.openshift");
  });
});
