import type { BindingTier } from "@acp/proto";
import type {
  AuditEventRecord,
  AuditQuery,
  BindingQuery,
  BindingRecord,
  DeletedProject,
  MemberChange,
  MemberRole,
  NewAuditEvent,
  NewBindingRecord,
  NewSessionRecord,
  ProjectMemberRecord,
  ProjectQuery,
  ProjectRecord,
  SessionQuery,
  SessionRecord,
  SessionScope,
} from "./access-records.js";
import type { BindingId, ProjectId, SessionId, UserId } from "./ids.js";
import type { CredentialRecord } from "./records.js";

export interface ProjectStore {
  /** Creates the project with `ownerId` as its first owner, in one transaction. NameTakenError("project") on a taken name. */
  insert(input: { name: string; description: string; ownerId: UserId }): Promise<ProjectRecord>;
  get(id: ProjectId): Promise<ProjectRecord | undefined>;
  getByName(name: string): Promise<ProjectRecord | undefined>;
  /** Ordered by (createTime, id). */
  list(query: ProjectQuery): Promise<ProjectRecord[]>;
  /**
   * In one transaction: ends the project's running sessions, deletes every
   * binding of its sessions, agents and itself, its members, then the project.
   * Undefined when there was no such project.
   */
  delete(id: ProjectId): Promise<DeletedProject | undefined>;
  getMember(projectId: ProjectId, userId: UserId): Promise<ProjectMemberRecord | undefined>;
  /** Ordered by (createTime, userId). */
  listMembers(projectId: ProjectId): Promise<ProjectMemberRecord[]>;
  /**
   * Adds the user or changes their role, in one transaction that refuses to
   * demote the project's last owner ("last-owner"); "missing" when the project is gone.
   */
  setMember(projectId: ProjectId, userId: UserId, role: MemberRole): Promise<MemberChange<ProjectMemberRecord>>;
  /** Removes the member unless they are the last owner; "missing" when they are not a member. */
  removeMember(projectId: ProjectId, userId: UserId): Promise<MemberChange<ProjectMemberRecord>>;
}

/** A binding with the credential it binds, as resolution needs them. */
export interface BoundCredential {
  readonly binding: BindingRecord;
  readonly credential: CredentialRecord;
}

export interface BindingStore {
  /** BindingTakenError when the same credential is already bound to the same target. */
  insert(input: NewBindingRecord): Promise<BindingRecord>;
  get(id: BindingId): Promise<BindingRecord | undefined>;
  /** Returns the binding as it was, or undefined when there was none. */
  delete(id: BindingId): Promise<BindingRecord | undefined>;
  /** Ordered by (createTime, id). */
  list(query: BindingQuery): Promise<BindingRecord[]>;
  /**
   * Every binding that applies to the session: its own, its agent's in its
   * project (when it has an agent), its project's and the global ones, each
   * with its credential, ordered by (tier, createTime, id): the order in which
   * resolution considers them.
   */
  listForSession(session: SessionScope): Promise<BoundCredential[]>;
  /**
   * Every binding that applies to some session of the project, each with its
   * credential, in the same order: what listForSession returns for each of
   * them, before appliesToSession picks that session's own.
   */
  listForProject(projectId: ProjectId): Promise<BoundCredential[]>;
}

export interface SessionStore {
  insert(input: NewSessionRecord): Promise<SessionRecord>;
  get(id: SessionId): Promise<SessionRecord | undefined>;
  /** Ordered by (createTime, id). */
  list(query: SessionQuery): Promise<SessionRecord[]>;
  /** Marks a running session ENDED at `now` (idempotent); returns the session as it now is. */
  end(id: SessionId, now: Date): Promise<SessionRecord | undefined>;
  /** The running, unexpired session whose runner token has this hash. */
  authenticateRunner(tokenHash: Uint8Array, now: Date): Promise<SessionRecord | undefined>;
}

export interface AuditStore {
  /** Appends every event in one transaction: all are durable, or none is and it throws. */
  append(events: readonly NewAuditEvent[]): Promise<readonly AuditEventRecord[]>;
  /** Ordered by (time, id). */
  list(query: AuditQuery): Promise<AuditEventRecord[]>;
}

/** The same credential is already bound to this target. */
export class BindingTakenError extends Error {
  constructor(readonly tier: BindingTier) {
    super("the credential is already bound to this target");
    this.name = "BindingTakenError";
  }
}
