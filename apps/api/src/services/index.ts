// The domain services as the transport and the commands see them.
export { createAuditService } from "./audit/audit-service.js";
export type { AuditContext, AuditFacts, AuditTrail } from "./audit/audit-trail.js";
export { type AuditTrailOptions, createAuditTrail } from "./audit/group-commit-audit-trail.js";
export { authenticateBearer } from "./auth/authenticate.js";
export { issueApiToken, revokeApiToken, type IssuedApiToken } from "./auth/api-tokens.js";
export { type Principal, principalKey } from "./auth/principal.js";
export { createCredentialService } from "./credentials/credential-service.js";
export { createUserWithToken, type CreatedUser } from "./users/create-user.js";
export { findUser } from "./users/find-user.js";
export { createUserService } from "./users/user-service.js";
