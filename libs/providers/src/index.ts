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
export { FILE_PATH_TOKEN } from "./provider.js";
export { createProviderRegistry, type ProviderRegistry, type ResolvedProvider } from "./provider-registry.js";
export { ProviderSpecError } from "./provider-spec-error.js";
export { providers } from "./providers.js";
export type { CredentialField, FieldViolation } from "./field-violation.js";
export type { CredentialSummary } from "./secret-validation.js";
export {
  validateCredentialInput,
  type SecretFields,
  type CredentialValidation,
} from "./validate-credential-input.js";
export type {
  BoundCredential,
  ConflictKind,
  MaterializationConflict,
  MaterializationPlan,
  MaterializationResult,
  PlannedEnvVar,
  PlannedFile,
  PlannedGitCredential,
  PlannedMcpServer,
} from "./materialization-plan.js";
export { planMaterialization, type MaterializationOptions } from "./plan-materialization.js";
export { claimLabel, credentialClaims, type CredentialClaim } from "./credential-claims.js";
