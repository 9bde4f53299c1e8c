import type { Selectable } from "kysely";
import { booleanFromColumn, bytesFromColumn, dateFromColumn, labelsFromColumn } from "./column-codecs.js";
import type { ApiTokensTable, CredentialsTable, UsersTable } from "./database-schema.js";
import type { ApiTokenRecord, CredentialRecord, UserRecord } from "./records.js";

export function toUserRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    name: row.name,
    admin: booleanFromColumn(row.admin),
    createTime: dateFromColumn(row.create_time),
  };
}

export function toApiTokenRecord(row: Omit<Selectable<ApiTokensTable>, "token_hash">): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    description: row.description,
    createTime: dateFromColumn(row.create_time),
    revokeTime: row.revoke_time === null ? undefined : dateFromColumn(row.revoke_time),
  };
}

export function toCredentialRecord(row: Selectable<CredentialsTable>): CredentialRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    provider: row.provider,
    url: row.url,
    email: row.email,
    description: row.description,
    labels: labelsFromColumn(row.labels),
    allowInsecure: booleanFromColumn(row.allow_insecure),
    summary: bytesFromColumn(row.summary),
    secret: { keyId: row.key_id, sealed: bytesFromColumn(row.sealed) },
    createTime: dateFromColumn(row.create_time),
    updateTime: dateFromColumn(row.update_time),
  };
}
