// What end-to-end tests need to reach a cluster the way a session does: a fake
// Kubernetes API over TLS, a kubeconfig for it, and the pinned MCP server.
export {
  type ClusterContents,
  type FakeCluster,
  type FakeClusterOptions,
  type FakePod,
  type RecordedRequest,
  startFakeCluster,
  type TokenUse,
  tokenUseName,
} from "./fake-cluster/index.js";
export { type KubeconfigSpec, kubeconfigYaml, writeKubeconfig } from "./kubeconfig-file.js";
export { readMcpLaunch, startMcpServerFromConfig } from "./mcp-config.js";
export { callTool, type McpLaunch, type McpSession, startMcpServer, type ToolText } from "./mcp-session.js";
export {
  installedMcpServerVersion,
  mcpServerBinary,
  mcpServerNpmBin,
  registryMcpArgs,
  registryMcpServer,
  repoRoot,
} from "./pinned-mcp-server.js";
export { processesWithArg, type ScannedProcess } from "./process-scan.js";
export { replaceFileAtomically } from "./replace-file.js";
export { waitFor } from "./wait-for.js";
