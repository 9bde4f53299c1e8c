import type { ConnectRouter } from "@connectrpc/connect";
import { AuditService, BindingService, CredentialService, Health, ProjectService, SessionService, UserService } from "@acp/proto";
import type { SecretBox } from "../crypto/index.js";
import { type AuditTrail, createAuditService, createCredentialService, createUserService } from "../services/index.js";
import type { Store } from "../storage/index.js";
import { createHealthService } from "./health-service.js";

/** Services that answer without a bearer token. */
export const publicServices: ReadonlySet<string> = new Set([Health.typeName]);

export const servedServices = [CredentialService, UserService, AuditService, ProjectService, BindingService, SessionService];

export function createRoutes(store: Store, box: SecretBox, audit: AuditTrail, isShuttingDown: () => boolean) {
  return (router: ConnectRouter) => {
    router.service(Health, createHealthService(servedServices.map((s) => s.typeName), isShuttingDown));
    router.service(CredentialService, createCredentialService(store, box, audit));
    router.service(UserService, createUserService(store, audit));
    router.service(AuditService, createAuditService(store.audit, audit));
    // Declared by the v1 contract; their issues have not been built yet, so
    // every method answers Unimplemented rather than pretending.
    router.service(ProjectService, {});
    router.service(BindingService, {});
    router.service(SessionService, {});
  };
}
