import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCluster, startFakeCluster } from "./index.js";

const t1 = "sha256~fake-cluster-test-token-one";
const t2 = "sha256~fake-cluster-test-token-two";

function get(
  cluster: FakeCluster,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.url}${path}`, { method, ca: cluster.caPem, headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end();
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("fake cluster", () => {
  let cluster: FakeCluster;
  beforeAll(async () => {
    cluster = await startFakeCluster({ token: t1 });
  });
  afterAll(() => cluster.stop());

  it("serves HTTPS on 127.0.0.1 with a certificate its own CA signed (verified by Node, no skip)", async () => {
    expect(cluster.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(cluster.caPem).toContain("BEGIN CERTIFICATE");
    const version = await get(cluster, "/version", bearer(t1));
    expect(version.status).toBe(200);
    expect(version.body.gitVersion).toMatch(/^v1\.32/);
  });

  it("answers discovery, namespaces and pods to the expected token", async () => {
    expect((await get(cluster, "/api", bearer(t1))).body.versions).toEqual(["v1"]);
    expect((await get(cluster, "/apis", bearer(t1))).body.kind).toBe("APIGroupList");
    const resources = (await get(cluster, "/api/v1", bearer(t1))).body.resources as { name: string }[];
    expect(resources.map((r) => r.name)).toEqual(["namespaces", "pods"]);
    const namespaces = (await get(cluster, "/api/v1/namespaces", bearer(t1))).body;
    expect(namespaces.kind).toBe("NamespaceList");
    expect((namespaces.items as { metadata: { name: string } }[]).map((n) => n.metadata.name)).toEqual([
      ...cluster.namespaces,
    ]);
    const inTeamA = (await get(cluster, "/api/v1/namespaces/team-a/pods", bearer(t1))).body.items as unknown[];
    expect(inTeamA).toHaveLength(cluster.pods.filter((p) => p.namespace === "team-a").length);
    const all = (await get(cluster, "/api/v1/pods", bearer(t1))).body.items as unknown[];
    expect(all).toHaveLength(cluster.pods.length);
  });

  it("answers a Table when asked for one, as kubectl get does", async () => {
    const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    const table = (await get(cluster, "/api/v1/namespaces", { ...bearer(t1), accept })).body;
    expect(table.kind).toBe("Table");
    expect((table.rows as { cells: string[] }[]).map((r) => r.cells[0])).toEqual([...cluster.namespaces]);
  });

  it("answers 401 to a wrong or missing token and 404 to anything else", async () => {
    expect((await get(cluster, "/api/v1/namespaces", bearer("wrong"))).status).toBe(401);
    expect((await get(cluster, "/api/v1/namespaces")).status).toBe(401);
    expect((await get(cluster, "/apis/apps/v1/deployments", bearer(t1))).status).toBe(404);
    expect((await get(cluster, "/api/v1/namespaces/nope/pods", bearer(t1))).status).toBe(404);
    expect((await get(cluster, "/api/v1/namespaces", bearer(t1), "DELETE")).status).toBe(404);
  });

  it("switches the expected token while running and labels each request's token without storing it", async () => {
    const since = cluster.cursor();
    expect(cluster.setToken(t2)).toBe("T2");
    expect(cluster.currentTokenLabel()).toBe("T2");
    expect((await get(cluster, "/api/v1/namespaces", bearer(t1))).status).toBe(401);
    expect((await get(cluster, "/api/v1/namespaces", bearer(t2))).status).toBe(200);
    const recent = cluster.requests(since);
    expect(recent.map((r) => [r.path, r.token, r.authorized, r.status])).toEqual([
      ["/api/v1/namespaces", { kind: "known", label: "T1" }, false, 401],
      ["/api/v1/namespaces", { kind: "known", label: "T2" }, true, 200],
    ]);
    const everything = JSON.stringify(cluster.requests()) + cluster.formatLog();
    expect(everything).not.toContain(t1);
    expect(everything).not.toContain(t2);
    expect(cluster.formatLog(since)).toContain("GET /api/v1/namespaces -> 200 (T2)");
    cluster.setToken(t1);
  });
});
