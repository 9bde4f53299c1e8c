// The cluster's contents, as the Kubernetes API would serialize them. Small on
// purpose: the tests need names they can look for, not a realistic workload.

export interface FakePod {
  readonly namespace: string;
  readonly name: string;
}

export interface ClusterContents {
  readonly namespaces: readonly string[];
  readonly pods: readonly FakePod[];
}

export const defaultContents: ClusterContents = {
  namespaces: ["default", "kube-system", "team-a", "team-b"],
  pods: [
    { namespace: "team-a", name: "web-7d9f8c6b5-x2k4p" },
    { namespace: "team-a", name: "worker-5c4b7d9f8-q8z1m" },
    { namespace: "team-b", name: "db-0" },
    { namespace: "kube-system", name: "coredns-6f6b679f8f-abcde" },
  ],
};

// Fixed, so listings are byte-stable between runs and clients print an age.
const created = "2025-01-01T00:00:00Z";

function uid(kind: string, name: string): string {
  let h = 0;
  for (const c of `${kind}/${name}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${hex.padEnd(12, "0")}`;
}

export function namespaceObject(name: string): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      uid: uid("Namespace", name),
      resourceVersion: "1",
      creationTimestamp: created,
      labels: { "kubernetes.io/metadata.name": name },
    },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

export function podObject(pod: FakePod): Record<string, unknown> {
  const app = pod.name.split("-")[0];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      uid: uid("Pod", `${pod.namespace}/${pod.name}`),
      resourceVersion: "1",
      creationTimestamp: created,
      labels: { app },
    },
    spec: {
      nodeName: "node-1",
      containers: [{ name: app, image: `registry.example.com/${app}:1.0` }],
    },
    status: {
      phase: "Running",
      podIP: "10.0.0.10",
      startTime: created,
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: created }],
      containerStatuses: [
        {
          name: app,
          ready: true,
          restartCount: 0,
          image: `registry.example.com/${app}:1.0`,
          imageID: "",
          started: true,
          state: { running: { startedAt: created } },
        },
      ],
    },
  };
}

export function listObject(kind: string, items: Record<string, unknown>[]): Record<string, unknown> {
  return { apiVersion: "v1", kind: `${kind}List`, metadata: { resourceVersion: "1" }, items };
}
