import type { Insertable, Selectable } from "kysely";
import type {
  AuditEventRecord,
  BindingRecord,
  NewAuditEvent,
  ProjectMemberRecord,
  ProjectRecord,
  SessionRecord,
} from "./access-records.js";
import { targetFromColumns } from "./binding-target.js";
import { dateFromColumn } from "./column-codecs.js";
import type {
  AuditEventsTable,
  BindingsTable,
  ProjectMembersTable,
  ProjectsTable,
  SessionsTable,
} from "./database-schema.js";
import type { AuditEventId } from "./ids.js";

export function toProjectRecord(row: Selectable<ProjectsTable>): ProjectRecord {
  return { id: row.id, name: row.name, description: row.description, createTime: dateFromColumn(row.create_time) };
}

/** A member row joined with its user's name. */
export type MemberRow = Selectable<ProjectMembersTable> & { readonly user_name: string };

export function toProjectMemberRecord(row: MemberRow): ProjectMemberRecord {
  return {
    projectId: row.project_id,
    userId: row.user_id,
    userName: row.user_name,
    role: row.role,
    createTime: dateFromColumn(row.create_time),
  };
}

export type BindingRow = Omit<Selectable<BindingsTable>, "target_key">;

export function toBindingRecord(row: BindingRow): BindingRecord {
  return {
    id: row.id,
    credentialId: row.credential_id,
    provider: row.provider,
    target: targetFromColumns(row),
    creatorId: row.creator_id,
    createTime: dateFromColumn(row.create_time),
  };
}

/** Every session column but the runner token hash, which only authentication compares and nothing returns. */
export const sessionColumns = [
  "id",
  "project_id",
  "agent",
  "name",
  "state",
  "creator_id",
  "create_time",
  "expire_time",
  "end_time",
] as const satisfies readonly (keyof SessionsTable)[];

export type SessionRow = Pick<Selectable<SessionsTable>, (typeof sessionColumns)[number]>;

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    agent: row.agent,
    name: row.name,
    state: row.state,
    creatorId: row.creator_id,
    createTime: dateFromColumn(row.create_time),
    expireTime: dateFromColumn(row.expire_time),
    endTime: row.end_time === null ? undefined : dateFromColumn(row.end_time),
  };
}

export function auditEventToColumns(id: AuditEventId, event: NewAuditEvent): Insertable<AuditEventsTable> {
  const { principal } = event;
  return {
    id,
    time: event.time.getTime(),
    action: event.action,
    rpc: event.rpc,
    principal_user_id: "userId" in principal ? principal.userId : "",
    principal_session_id: "sessionId" in principal ? principal.sessionId : "",
    credential_id: event.credentialId,
    credential_owner_id: event.credentialOwnerId,
    provider: event.provider,
    outcome: event.outcome,
    peer: event.peer,
    value_hmac: event.valueHmac,
    project_id: event.projectId,
    session_id: event.sessionId,
    binding_id: event.bindingId,
    user_id: event.userId,
    api_token_id: event.apiTokenId,
  };
}

export function toAuditEventRecord(row: Selectable<AuditEventsTable>): AuditEventRecord {
  // audit_events_principal_check leaves exactly one of the two set.
  const principal = row.principal_user_id !== "" ? { userId: row.principal_user_id } : principalSession(row);
  return {
    id: row.id,
    time: dateFromColumn(row.time),
    action: row.action,
    rpc: row.rpc,
    principal,
    credentialId: row.credential_id,
    credentialOwnerId: row.credential_owner_id,
    provider: row.provider,
    outcome: row.outcome,
    peer: row.peer,
    valueHmac: row.value_hmac,
    projectId: row.project_id,
    sessionId: row.session_id,
    bindingId: row.binding_id,
    userId: row.user_id,
    apiTokenId: row.api_token_id,
  };
}

function principalSession(row: Selectable<AuditEventsTable>): AuditEventRecord["principal"] {
  if (row.principal_session_id === "") throw new TypeError("audit row names no principal");
  return { sessionId: row.principal_session_id };
}
