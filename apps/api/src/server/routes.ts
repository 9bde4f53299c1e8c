import {
  AuditService,
  BindingService,
  CredentialService,
  Health,
  ProjectService,
  SessionService,
  UserService,
} from "@acp/proto";
import type { ConnectRouter } from "@connectrpc/connect";
import type { SecretBox } from "../crypto/index.js";
import {
  type AuditTrail,
  createAuditService,
  createBindingService,
  createCredentialService,
  createProjectService,
  createSessionEvents,
  createSessionService,
  createUserService,
} from "../services/index.js";
import type { Store } from "../storage/index.js";
import { createHealthService } from "./health-service.js";

/** Services that answer without a bearer token. */
export const publicServices: ReadonlySet<string> = new Set([Health.typeName]);

export const servedServices = [
  CredentialService,
  UserService,
  AuditService,
  ProjectService,
  BindingService,
  SessionService,
];

export interface RouteDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly audit: AuditTrail;
  readonly maxSessionTtlMs: number;
  /** Aborted when the server starts to shut down. */
  readonly shutdown: AbortSignal;
}

export function createRoutes({ store, box, audit, maxSessionTtlMs, shutdown }: RouteDeps) {
  const now = () => new Date();
  // One set of stream listeners per process, fed by the store's notifier from every replica.
  const events = createSessionEvents(store.changes);
  return (router: ConnectRouter) => {
    router.service(
      Health,
      createHealthService(
        servedServices.map((s) => s.typeName),
        () => shutdown.aborted,
      ),
    );
    router.service(CredentialService, createCredentialService(store, box, audit, events));
    router.service(UserService, createUserService(store, audit));
    router.service(AuditService, createAuditService(store.audit, audit));
    router.service(ProjectService, createProjectService(store, audit, events));
    router.service(BindingService, createBindingService({ store, audit, events, now }));
    router.service(SessionService, createSessionService({ store, box, audit, events, maxSessionTtlMs, now, shutdown }));
  };
}
