export { type CredentialClaim, claimLabel, credentialClaims } from "./credential-claims.js";
export {
  type CredentialExpiry,
  credentialExpiry,
  type ExpiringCredential,
  expiryWarnings,
} from "./credential-expiry.js";
export type { CredentialField, FieldViolation } from "./field-violation.js";
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
export { type MaterializationOptions, planMaterialization } from "./plan-materialization.js";
export { filePathToken } from "./provider.js";
// The registry's own face, also its own entry point (@acp/providers/registry).
export * from "./registry.js";
export type { CredentialSummary } from "./secret-validation.js";
export {
  type CredentialValidation,
  type SecretFields,
  validateCredentialInput,
} from "./validate-credential-input.js";
export { maxEmailLength } from "./validate-email-address.js";
export { maxUrlBytes } from "./validate-https-url.js";
