import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { validateKubeconfig } from "@acp/kubeconfig";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCluster, kubeconfigYaml, replaceFileAtomically, startFakeCluster, writeKubeconfig } from "./index.js";

const run = promisify(execFile);
const t1 = "sha256~kubectl-test-token-one";
const t2 = "sha256~kubectl-test-token-two";

// kubectl 1.32 (Debian's kubectl-dispatcher wrapper) against the fake cluster,
// configured only through KUBECONFIG, as CMD is in a session. It asks, in order:
//   GET /version?timeout=5s            (the dispatcher, picking a kubectl for the server's version)
//   GET /api, GET /apis                (aggregated discovery first; plain application/json accepted)
//   GET /api/v1                        (legacy discovery, because /api answered the plain form)
//   GET /api/v1/namespaces?limit=500   (Accept: as=Table)
// No /openapi request for `get`.
describe("kubectl against the fake cluster", () => {
  let cluster: FakeCluster;
  let dir: string;
  let kubeconfig: string;
  const kubectl = (...args: string[]) =>
    run("kubectl", args, {
      // HOME too, so a developer's ~/.kube/config can never be what answers.
      env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, "cache") },
      encoding: "utf8",
      timeout: 20_000,
    });

  beforeAll(async () => {
    cluster = await startFakeCluster({ token: t1 });
    dir = await mkdtemp(join(tmpdir(), "kubectl-e2e-"));
    kubeconfig = await writeKubeconfig(join(dir, "kubeconfig"), {
      server: cluster.url,
      caPem: cluster.caPem,
      token: t1,
      namespace: "team-a",
    });
  });
  afterAll(async () => {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a kubeconfig that acp's own validation accepts, with the fake cluster as its current context", () => {
    const yaml = kubeconfigYaml({ server: cluster.url, caPem: cluster.caPem, token: t1, namespace: "team-a" });
    const result = validateKubeconfig(yaml, { maxBytes: 1024 * 1024, allowInsecure: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.summary).toMatchObject({ server: cluster.url, namespace: "team-a", authKind: "token" });
  });

  it("lists the fake namespaces with KUBECONFIG alone, verifying the server against the generated CA", async () => {
    const since = cluster.cursor();
    const { stdout } = await kubectl("get", "namespaces");
    for (const name of cluster.namespaces) expect(stdout).toMatch(new RegExp(`^${name}\\s+Active`, "m"));
    const seen = cluster.requests(since);
    expect(seen.every((r) => r.authorized && r.token.kind === "known" && r.token.label === "T1")).toBe(true);
    expect(seen.map((r) => r.path)).toContain("/api/v1/namespaces");
  });

  it("lists pods in the context's namespace, and in all namespaces with -A", async () => {
    const inContext = (await kubectl("get", "pods")).stdout;
    for (const pod of cluster.pods) {
      if (pod.namespace === "team-a") expect(inContext).toContain(pod.name);
      else expect(inContext).not.toContain(pod.name);
    }
    const all = (await kubectl("get", "pods", "-A")).stdout;
    for (const pod of cluster.pods) expect(all).toMatch(new RegExp(`^${pod.namespace}\\s+${pod.name}\\s`, "m"));
  });

  it("is refused with the old token once the cluster expects another, and works after the file is replaced", async () => {
    cluster.setToken(t2);
    const refused = await kubectl("get", "namespaces").then(
      () => "succeeded",
      (error: { stderr: string }) => error.stderr,
    );
    expect(refused).toMatch(/Unauthorized|must be logged in/);
    expect(refused).not.toContain(t1);
    await replaceFileAtomically(
      kubeconfig,
      kubeconfigYaml({ server: cluster.url, caPem: cluster.caPem, token: t2, namespace: "team-a" }),
    );
    expect((await kubectl("get", "namespaces")).stdout).toContain("team-b");
    cluster.setToken(t1);
    await writeKubeconfig(kubeconfig, { server: cluster.url, caPem: cluster.caPem, token: t1, namespace: "team-a" });
  });
});
