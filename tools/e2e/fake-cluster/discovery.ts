// Legacy (unaggregated) discovery documents. client-go asks for aggregated
// discovery first but accepts plain application/json at q=0.9, and falls back
// to walking /api and /apis when that is what it gets; the tests check that
// both kubectl and kubernetes-mcp-server do.

export function versionDocument(): Record<string, unknown> {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.0-fake",
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function coreVersionsDocument(hostPort: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: hostPort }],
  };
}

export function groupListDocument(): Record<string, unknown> {
  return { kind: "APIGroupList", apiVersion: "v1", groups: [] };
}

const readVerbs = ["get", "list", "watch"];

export function coreResourcesDocument(): Record<string, unknown> {
  return {
    kind: "APIResourceList",
    groupVersion: "v1",
    resources: [
      {
        name: "namespaces",
        singularName: "namespace",
        namespaced: false,
        kind: "Namespace",
        verbs: readVerbs,
        shortNames: ["ns"],
      },
      {
        name: "pods",
        singularName: "pod",
        namespaced: true,
        kind: "Pod",
        verbs: readVerbs,
        shortNames: ["po"],
        categories: ["all"],
      },
    ],
  };
}
