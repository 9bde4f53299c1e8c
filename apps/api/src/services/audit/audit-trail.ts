import type { AuditAction, ProviderType } from "@acp/proto";
import type { HandlerContext } from "@connectrpc/connect";
import type {
  ApiTokenId,
  AuditPrincipal,
  BindingId,
  CredentialId,
  ProjectId,
  SessionId,
  UserId,
} from "../../storage/index.js";
import { peerKey, principalKey } from "../auth/principal.js";

/** Who asked, through which RPC and from where: the part of every record the call itself supplies. */
export interface AuditContext {
  readonly rpc: string;
  readonly principal: AuditPrincipal;
  readonly peer: string;
}

/** What happened. Ids only; a secret read passes the value so that only its HMAC is kept. */
export interface AuditFacts {
  readonly action: Exclude<AuditAction, AuditAction.UNSPECIFIED>;
  readonly credential?: { readonly id: CredentialId; readonly ownerId: UserId; readonly provider: ProviderType };
  /** Secret reads: the value returned. Hashed under the audit key, never stored or logged. */
  readonly secretValue?: string;
  /** Secret reads, instead of the value: its HMAC as this trail's `hash` gave it, when the caller holds it already. */
  readonly valueHmac?: string;
  /** "ok" unless the call is recorded as failing. */
  readonly outcome?: string;
  readonly projectId?: ProjectId;
  readonly sessionId?: SessionId;
  readonly bindingId?: BindingId;
  readonly userId?: UserId;
  readonly apiTokenId?: ApiTokenId;
}

/**
 * The audit trail as services use it. `record` resolves only once the record
 * is durable; when it cannot be written it rejects with Unavailable, and the
 * caller must not return what it was about to (a read that cannot be traced
 * does not happen).
 */
export interface AuditTrail {
  record(context: AuditContext, facts: AuditFacts): Promise<void>;
  /** Several records that must be durable together, e.g. one per credential of a session's set. */
  recordAll(context: AuditContext, facts: readonly AuditFacts[]): Promise<void>;
  /** The HMAC the trail keeps for a value, hex. */
  hash(value: string): string;
}

/** The audit context of an authenticated call. */
export function auditContext(ctx: HandlerContext): AuditContext {
  const principal = ctx.values.get(principalKey);
  if (principal === undefined) throw new Error("audit context of an unauthenticated call");
  return {
    rpc: `/${ctx.service.typeName}/${ctx.method.name}`,
    principal: principal.kind === "user" ? { userId: principal.user.id } : { sessionId: principal.session.id },
    peer: ctx.values.get(peerKey),
  };
}
