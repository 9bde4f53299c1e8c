// The registry alone: what a short-lived process (acpctl) needs to read the
// ProviderSpec options, without the validators and the materialization plan
// that the package's index also loads (@acp/kubeconfig, yaml, node:crypto).
export type {
  KnownFieldRequirement,
  KnownSecretFormat,
  Provider,
  ProviderEnvValue,
  ProviderEnvVar,
  ProviderFile,
  ProviderGit,
  ProviderMcpServer,
} from "./provider.js";
export { createProviderRegistry, type ProviderRegistry, type ResolvedProvider } from "./provider-registry.js";
export { ProviderSpecError } from "./provider-spec-error.js";
export { providers } from "./providers.js";
