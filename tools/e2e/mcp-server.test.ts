import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callTool,
  type FakeCluster,
  installedMcpServerVersion,
  type McpSession,
  mcpServerBinary,
  processesWithArg,
  registryMcpArgs,
  registryMcpServer,
  repoRoot,
  startFakeCluster,
  startMcpServer,
  startMcpServerFromConfig,
  waitFor,
  writeKubeconfig,
} from "./index.js";

const t1 = "sha256~mcp-server-test-token-one";
// Verbs of the tools a read-only session must never be offered.
const writeVerbs = /create|update|delete|apply|exec|scale|patch|run|install|evict|drain|cordon/;

// kubernetes-mcp-server 0.0.66 with the registry's args, spawned as its Go
// binary. Observed requests: at start, before `initialize` is answered,
// GET /api, /apis, /api/v1 (aggregated discovery asked, plain form accepted);
// the same three again every 30 s while idle (its "cluster state watcher");
// namespaces_list → GET /api/v1/namespaces (plain JSON, no Table, because of
// --list-output yaml); no /version and no /openapi.
describe("kubernetes-mcp-server (pinned) against the fake cluster", () => {
  let cluster: FakeCluster;
  let dir: string;
  let kubeconfig: string;
  let server: McpSession;

  beforeAll(async () => {
    cluster = await startFakeCluster({ token: t1 });
    dir = await mkdtemp(join(tmpdir(), "mcp-e2e-"));
    kubeconfig = await writeKubeconfig(join(dir, "kubeconfig"), {
      server: cluster.url,
      caPem: cluster.caPem,
      token: t1,
      namespace: "team-a",
    });
    server = await startMcpServer({ command: mcpServerBinary(), args: registryMcpArgs(kubeconfig), cwd: dir });
  });
  afterAll(async () => {
    await server?.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("is the version the registry pins, installed through the lockfile", () => {
    expect(installedMcpServerVersion()).toBe(registryMcpServer().version);
    expect(server.client.getServerVersion()?.version).toBe(`v${registryMcpServer().version}`);
  });

  it("offers no configuration_view and no write tool with the registry's args", async () => {
    const { tools } = await server.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain("namespaces_list");
    expect(names).not.toContain("configuration_view");
    expect(names.filter((n) => writeVerbs.test(n))).toEqual([]);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).not.toBe(true);
    }
  });

  it("would offer write tools and configuration_view without --read-only and --toolsets core, so the check above can fail", async () => {
    const loose = registryMcpArgs(kubeconfig).filter((a) => a !== "--read-only" && a !== "--toolsets" && a !== "core");
    const unrestricted = await startMcpServer({ command: mcpServerBinary(), args: loose, cwd: dir });
    try {
      const names = (await unrestricted.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("configuration_view");
      expect(names.filter((n) => writeVerbs.test(n)).length).toBeGreaterThan(0);
    } finally {
      await unrestricted.close();
    }
  });

  it("lists the namespaces with the kubeconfig's token", async () => {
    const since = cluster.cursor();
    const result = await callTool(server, "namespaces_list");
    expect(result.isError).toBe(false);
    for (const name of cluster.namespaces) expect(result.text).toContain(`name: ${name}`);
    const seen = cluster.requests(since);
    expect(seen.map((r) => `${r.path} ${r.status}`)).toEqual(["/api/v1/namespaces 200"]);
    expect(seen[0]!.token).toEqual({ kind: "known", label: "T1" });
    expect(seen[0]!.userAgent).toMatch(/^kubernetes-mcp-server\/v0\.0\.66/);
  });

  it("lists pods in a namespace, and pods_list without arguments stays in the context's namespace", async () => {
    const teamA = cluster.pods.filter((p) => p.namespace === "team-a").map((p) => p.name);
    const others = cluster.pods.filter((p) => p.namespace !== "team-a").map((p) => p.name);
    const inNamespace = await callTool(server, "pods_list_in_namespace", { namespace: "team-a" });
    expect(inNamespace.isError).toBe(false);
    for (const name of teamA) expect(inNamespace.text).toContain(name);
    for (const name of others) expect(inNamespace.text).not.toContain(name);
    // Observed in 0.0.66: "list pods from all namespaces" asks for the context's
    // namespace only when the kubeconfig sets one (GET /api/v1/namespaces/team-a/pods).
    const since = cluster.cursor();
    const listed = await callTool(server, "pods_list");
    expect(listed.isError).toBe(false);
    for (const name of teamA) expect(listed.text).toContain(name);
    expect(cluster.requests(since).map((r) => r.path)).toEqual(["/api/v1/namespaces/team-a/pods"]);
  });

  it("starts from an .mcp.json entry as the runner writes it (npx -y pkg@version) without the network, and leaves no process after close", async () => {
    const spec = registryMcpServer();
    const mcpJson = join(dir, ".mcp.json");
    const entry = {
      command: "npx",
      args: ["-y", `${spec.npmPackage}@${spec.version}`, ...registryMcpArgs(kubeconfig)],
      env: { KUBECONFIG: kubeconfig },
    };
    await writeFile(mcpJson, JSON.stringify({ mcpServers: { openshift: entry } }));
    // A registry nobody listens on: npx must resolve the package from the repo's node_modules.
    const env = { PATH: process.env.PATH, HOME: dir, npm_config_registry: "http://127.0.0.1:9/" };
    const started = Date.now();
    const viaNpx = await startMcpServerFromConfig(mcpJson, "openshift", { cwd: repoRoot(), env });
    const startupMs = Date.now() - started;
    try {
      const result = await callTool(viaNpx, "namespaces_list");
      expect(result.isError).toBe(false);
      expect(result.text).toContain("name: team-b");
      const tree = (await processesWithArg(kubeconfig)).filter((p) => p.pid !== server.pid);
      expect(tree.map((p) => p.argv[0])).toContain(mcpServerBinary());
      // Observed: 0.5 to 2 s from spawn to initialized (npm's own startup), under a
      // shared, noisy machine; npx renames itself ("npm exec ..."), so the scan finds
      // the wrapper and the Go binary only.
      console.info(`npx -y ${spec.npmPackage}@${spec.version}: initialized after ${startupMs} ms`);
    } finally {
      await viaNpx.close();
    }
    await waitFor("the npx-started server to exit", async () => {
      const left = (await processesWithArg(kubeconfig)).filter((p) => p.pid !== server.pid);
      return left.length === 0 ? true : undefined;
    });
  });
});
