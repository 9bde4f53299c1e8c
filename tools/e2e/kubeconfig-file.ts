import { writeFile } from "node:fs/promises";

export interface KubeconfigSpec {
  /** The fake cluster's https URL. */
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly namespace: string;
  /** Names of the current context, its cluster and user; realistic defaults as `oc login` would write. */
  readonly contextName?: string;
}

// Every scalar goes through JSON.stringify: a JSON string is a valid YAML
// scalar, so no token or URL can break the document whatever it contains.
const q = (value: string) => JSON.stringify(value);

/**
 * A kubeconfig like a user's real one: the current context points at the fake
 * cluster with a token, a second context points at another cluster (unreachable)
 * with its own user, so a client that ignores current-context shows up.
 */
export function kubeconfigYaml(spec: KubeconfigSpec): string {
  const context = spec.contextName ?? "team-a/fake-cluster:6443/developer";
  const caData = Buffer.from(spec.caPem).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "preferences: {}",
    "clusters:",
    "- name: fake-cluster:6443",
    "  cluster:",
    `    server: ${q(spec.server)}`,
    `    certificate-authority-data: ${q(caData)}`,
    "- name: api-staging-example-com:6443",
    "  cluster:",
    `    server: ${q("https://api.staging.example.com:6443")}`,
    `    certificate-authority-data: ${q(caData)}`,
    "users:",
    "- name: developer/fake-cluster:6443",
    "  user:",
    `    token: ${q(spec.token)}`,
    "- name: developer/api-staging-example-com:6443",
    "  user:",
    `    token: ${q("sha256~staging-token-not-for-the-fake-cluster")}`,
    "contexts:",
    `- name: ${q(context)}`,
    "  context:",
    "    cluster: fake-cluster:6443",
    "    user: developer/fake-cluster:6443",
    `    namespace: ${q(spec.namespace)}`,
    "- name: default/api-staging-example-com:6443/developer",
    "  context:",
    "    cluster: api-staging-example-com:6443",
    "    user: developer/api-staging-example-com:6443",
    "    namespace: default",
    `current-context: ${q(context)}`,
    "",
  ].join("\n");
}

/** Writes the kubeconfig 0600, as the runner does; returns the path. */
export async function writeKubeconfig(path: string, spec: KubeconfigSpec): Promise<string> {
  await writeFile(path, kubeconfigYaml(spec), { mode: 0o600 });
  return path;
}
