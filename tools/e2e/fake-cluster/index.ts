export type { ClusterContents, FakePod } from "./cluster-objects.js";
export { type FakeCluster, type FakeClusterOptions, type RecordedRequest, startFakeCluster } from "./fake-cluster.js";
export { type TokenUse, tokenUseName } from "./token-labels.js";
