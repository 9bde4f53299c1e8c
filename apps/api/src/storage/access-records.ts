// The access model's rows as the service layer sees them: projects and their
// members, bindings, sessions and audit events.
import type { AuditAction, BindingTier, ProjectRole, ProviderType, SessionState } from "@acp/proto";
import type { ApiTokenId, AuditEventId, BindingId, CredentialId, ProjectId, SessionId, UserId } from "./ids.js";

export interface ProjectRecord {
  readonly id: ProjectId;
  readonly name: string;
  readonly description: string;
  readonly createTime: Date;
}

/** A role that a member really has: never UNSPECIFIED. */
export type MemberRole = Exclude<ProjectRole, ProjectRole.UNSPECIFIED>;

export interface ProjectMemberRecord {
  readonly projectId: ProjectId;
  readonly userId: UserId;
  readonly userName: string;
  readonly role: MemberRole;
  readonly createTime: Date;
}

/** Whose projects a query reads: every project (admins), or those a user is a member of. */
export type MemberFilter = { readonly all: true } | { readonly memberId: UserId };

export interface ProjectCursor {
  readonly createTime: Date;
  readonly id: ProjectId;
}

export interface ProjectQuery {
  readonly member: MemberFilter;
  readonly after: ProjectCursor | undefined;
  readonly limit: number;
}

/** What deleting a project took with it, so running streams can be told. */
export interface DeletedProject {
  readonly endedSessionIds: readonly SessionId[];
  readonly deletedBindings: readonly BindingRecord[];
}

/** The result of a member change that must leave the project at least one owner. */
export type MemberChange<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: "missing" | "last-owner" };

/**
 * Where a binding applies, from most to least specific. A session binding
 * keeps its session's project, so deleting the project can find it.
 */
export type BindingTarget =
  | { readonly tier: BindingTier.SESSION; readonly sessionId: SessionId; readonly projectId: ProjectId }
  | { readonly tier: BindingTier.AGENT; readonly projectId: ProjectId; readonly agent: string }
  | { readonly tier: BindingTier.PROJECT; readonly projectId: ProjectId }
  | { readonly tier: BindingTier.GLOBAL };

export interface BindingRecord {
  readonly id: BindingId;
  readonly credentialId: CredentialId;
  /** The credential's provider, copied so listings and resolution need no join to say it. */
  readonly provider: ProviderType;
  readonly target: BindingTarget;
  readonly creatorId: UserId;
  readonly createTime: Date;
}

export type NewBindingRecord = Omit<BindingRecord, "id" | "createTime">;

/** Filters for listing bindings. The caller decides visibility; the store only narrows. */
export interface BindingQuery {
  readonly credential: { readonly all: true } | { readonly credentialId: CredentialId };
  /** A project filter matches its project, agent and session bindings. */
  readonly scope:
    | { readonly all: true }
    | { readonly projectId: ProjectId }
    | { readonly sessionId: SessionId }
    | { readonly global: true };
  readonly after: BindingCursor | undefined;
  readonly limit: number;
}

export interface BindingCursor {
  readonly createTime: Date;
  readonly id: BindingId;
}

/** A session as bindings see it: which tiers apply to it. */
export interface SessionScope {
  readonly id: SessionId;
  readonly projectId: ProjectId;
  /** "" when the session runs no named agent. */
  readonly agent: string;
}

export type KnownSessionState = Exclude<SessionState, SessionState.UNSPECIFIED>;

export interface SessionRecord extends SessionScope {
  readonly name: string;
  readonly state: KnownSessionState;
  readonly creatorId: UserId;
  readonly createTime: Date;
  readonly expireTime: Date;
  readonly endTime: Date | undefined;
}

export interface NewSessionRecord {
  readonly id: SessionId;
  readonly projectId: ProjectId;
  readonly agent: string;
  readonly name: string;
  readonly creatorId: UserId;
  /** SHA-256 of the runner token; the token itself is never stored. */
  readonly runnerTokenHash: Uint8Array;
  /**
   * When the runner token stops working: a time, or a lifetime counted from
   * the create time the store stamps, so that expiry minus creation is
   * exactly the TTL asked for (two clock reads could differ by a millisecond).
   */
  readonly expireTime: Date | { readonly afterCreateMs: number };
}

export interface SessionCursor {
  readonly createTime: Date;
  readonly id: SessionId;
}

export interface SessionQuery {
  readonly project: { readonly all: true } | { readonly projectId: ProjectId };
  /** Admins list every session; others only those of projects they are a member of. */
  readonly member: MemberFilter;
  readonly after: SessionCursor | undefined;
  readonly limit: number;
}

/** Who did something, as the audit trail names them. */
export type AuditPrincipal = { readonly userId: UserId } | { readonly sessionId: SessionId };

export interface AuditEventRecord {
  readonly id: AuditEventId;
  readonly time: Date;
  readonly action: Exclude<AuditAction, AuditAction.UNSPECIFIED>;
  readonly rpc: string;
  readonly principal: AuditPrincipal;
  /** "" when the event concerns no credential. */
  readonly credentialId: CredentialId | "";
  /** The credential's owner at the time, so owners keep seeing events on credentials since deleted. */
  readonly credentialOwnerId: UserId | "";
  readonly provider: ProviderType;
  /** "ok", or the snake_case Connect code the call failed with. */
  readonly outcome: string;
  readonly peer: string;
  /** Hex HMAC-SHA256 of the value a secret read returned; "" for every other event. */
  readonly valueHmac: string;
  readonly projectId: ProjectId | "";
  readonly sessionId: SessionId | "";
  readonly bindingId: BindingId | "";
  readonly userId: UserId | "";
  readonly apiTokenId: ApiTokenId | "";
}

export type NewAuditEvent = Omit<AuditEventRecord, "id">;

export interface AuditCursor {
  readonly time: Date;
  readonly id: AuditEventId;
}

/**
 * Who may see what is tagged, so widening it must be said; the other filters
 * only narrow, so leaving one undefined can never show more than visibleTo allows.
 */
export interface AuditQuery {
  /** Admins read everything; an owner only events on credentials they owned. */
  readonly visibleTo: { readonly all: true } | { readonly credentialOwnerId: UserId };
  readonly credentialId: CredentialId | undefined;
  readonly sessionId: SessionId | undefined;
  readonly principal: AuditPrincipal | undefined;
  readonly valueHmac: string | undefined;
  /** Inclusive start, exclusive end. */
  readonly startTime: Date | undefined;
  readonly endTime: Date | undefined;
  readonly after: AuditCursor | undefined;
  readonly limit: number;
}
