/**
 * A minimal kubeconfig that validates: one cluster, one context with a
 * namespace, one user with a bearer token. Tests and benches change the token
 * and look for it.
 */
export function tokenKubeconfig(token: string, server = "https://k8s.example.test:6443"): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: ${server}
contexts:
- name: prod
  context: {cluster: prod, user: deployer, namespace: apps}
current-context: prod
users:
- name: deployer
  user:
    token: ${token}
`;
}
