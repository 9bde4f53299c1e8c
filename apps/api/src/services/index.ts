// The domain services as the transport and the commands see them.
export { createAuditService } from "./audit/audit-service.js";
export type { AuditContext, AuditFacts, AuditTrail } from "./audit/audit-trail.js";
export { type AuditTrailOptions, createAuditTrail } from "./audit/group-commit-audit-trail.js";
export { type IssuedApiToken, issueApiToken, revokeApiToken } from "./auth/api-tokens.js";
export { type Authenticator, authenticateBearer } from "./auth/authenticate.js";
export { type Principal, peerKey, principalKey, type RunnerPrincipal, type UserPrincipal } from "./auth/principal.js";
export { newRunnerToken } from "./auth/runner-tokens.js";
export { createBindingService } from "./bindings/binding-service.js";
export { createCredentialService } from "./credentials/credential-service.js";
export { createProjectService } from "./projects/project-service.js";
export { createSessionEvents, type SessionEvents } from "./sessions/session-events.js";
export { createSessionService } from "./sessions/session-service.js";
export { defaultMaxSessionTtlMs } from "./sessions/session-ttl.js";
export { type CreatedUser, createUserWithToken } from "./users/create-user.js";
export { findUser } from "./users/find-user.js";
export { createUserService } from "./users/user-service.js";
