import type { ClusterSpec, CurrentSelection, UserAuth } from "../config-model.js";

/** A valid token selection for unit tests, with parts overridden. */
export function tokenSelection(
  cluster: Partial<ClusterSpec> = {},
  names: { context?: string; cluster?: string; user?: string; namespace?: string } = {},
  user: UserAuth = { kind: "token", token: "kT7pQ2wX9vL4mN8c" },
): CurrentSelection {
  const clusterName = names.cluster ?? "dev";
  const userName = names.user ?? "dev";
  return {
    context: {
      name: names.context ?? "dev",
      value: { cluster: clusterName, user: userName, namespace: names.namespace },
    },
    cluster: {
      name: clusterName,
      value: {
        server: "https://api.example.com:6443",
        plainHttp: false,
        verification: { kind: "system-roots" },
        tlsServerName: undefined,
        proxyUrl: undefined,
        disableCompression: false,
        ...cluster,
      },
    },
    user: { name: userName, value: user },
  };
}
